# cmake -DBUILD_DIR= -DCONSUMER_DIR= -DWORK_DIR= -DGENERATOR= -DC_COMPILER= -DCXX_COMPILER=
#       -DPKG_CONFIG= -DSOURCE_DIR= -DVERSION= [-DSANITIZE_FLAGS=] -P install_and_consume.cmake
#
# Installs the build in BUILD_DIR into a fresh prefix, then uses it the two
# ways a user would: an external CMake project (find_package(gitops), linking
# gitops::gitops and gitops::gitops_c), and pkg-config (gitops, gitops_c)
# driving the compilers directly. Each program is run and its output checked.
set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${what}: ok")
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect what text want)
  string(FIND "${text}" "${want}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what}: output\n  ${text}\nlacks\n  ${want}")
  endif()
  message(STATUS "${what}: prints \"${want}\"")
endfunction()

run("cmake --install into ${prefix}" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# The installed package must not point back into the source or build tree.
file(GLOB_RECURSE package_files ${prefix}/*.cmake ${prefix}/*.pc)
foreach(f IN LISTS package_files)
  file(READ ${f} content)
  foreach(tree ${SOURCE_DIR} ${BUILD_DIR})
    string(FIND "${content}" "${tree}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${f} refers to ${tree}")
    endif()
  endforeach()
endforeach()
message(STATUS "installed package files refer to neither the source nor the build tree")

# 1. CMake: find_package(gitops) from the prefix alone.
run("configure the consumer project" ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/consumer
    -G ${GENERATOR} -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    "-DCMAKE_C_FLAGS=${SANITIZE_FLAGS}" "-DCMAKE_CXX_FLAGS=${SANITIZE_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${SANITIZE_FLAGS}")
run("build the consumer project" ${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
file(READ ${WORK_DIR}/consumer/CMakeCache.txt cache)
string(REGEX MATCH "gitops_DIR:PATH=[^\n]*" gitops_dir "${cache}")
string(FIND "${gitops_dir}" "gitops_DIR:PATH=${prefix}/" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "the consumer found gitops elsewhere: ${gitops_dir}")
endif()
message(STATUS "the consumer found ${gitops_dir}")
run("run the C++ consumer" ${WORK_DIR}/consumer/consumer_cpp)
expect("the C++ consumer (gitops::gitops)" "${out}"
       "c++ prod_web_apps_Deployment {\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"")
run("run the C consumer" ${WORK_DIR}/consumer/consumer_c)
expect("the C consumer (gitops::gitops_c)" "${out}" "c ${VERSION} prod_web__Service")

# 2. pkg-config, with PKG_CONFIG_PATH pointing into the prefix only.
file(GLOB pc_dirs ${prefix}/lib*/pkgconfig ${prefix}/lib/*/pkgconfig)
list(JOIN pc_dirs ":" pc_path)
set(ENV{PKG_CONFIG_PATH} "${pc_path}")
set(ENV{PKG_CONFIG_LIBDIR} "${pc_path}")
run("pkg-config --cflags --libs gitops" ${PKG_CONFIG} --cflags --libs gitops)
string(STRIP "${out}" gitops_flags)
message(STATUS "  ${gitops_flags}")
expect("pkg-config gitops" "${gitops_flags}" "-lgitops")
# The flags name the prefix (through ${pcfiledir}); compare resolved paths.
separate_arguments(gitops_flags UNIX_COMMAND "${gitops_flags}")
foreach(flag IN LISTS gitops_flags)
  if(flag MATCHES "^-[IL](.*)")
    file(REAL_PATH "${CMAKE_MATCH_1}" dir)
    file(REAL_PATH "${prefix}" real_prefix)
    string(FIND "${dir}" "${real_prefix}/" at)
    if(NOT at EQUAL 0)
      message(FATAL_ERROR "pkg-config flag ${flag} is outside the prefix ${prefix}")
    endif()
  endif()
endforeach()
message(STATUS "pkg-config gitops: -I and -L name the install prefix")
run("pkg-config --cflags --libs gitops_c" ${PKG_CONFIG} --cflags --libs gitops_c)
string(STRIP "${out}" gitops_c_flags)
message(STATUS "  ${gitops_c_flags}")
separate_arguments(gitops_c_flags UNIX_COMMAND "${gitops_c_flags}")
separate_arguments(sanitize UNIX_COMMAND "${SANITIZE_FLAGS}")
run("compile the C++ consumer with pkg-config gitops" ${CXX_COMPILER} -std=c++20 ${sanitize}
    ${CONSUMER_DIR}/consumer.cc ${gitops_flags} -o ${WORK_DIR}/pc_consumer_cpp)
run("compile the C consumer with pkg-config gitops_c" ${C_COMPILER} -std=c11 ${sanitize}
    ${CONSUMER_DIR}/consumer.c ${gitops_c_flags} -o ${WORK_DIR}/pc_consumer_c)
file(GLOB lib_dirs ${prefix}/lib ${prefix}/lib64 ${prefix}/lib/*-linux-gnu)
list(JOIN lib_dirs ":" ld_path)
set(ENV{LD_LIBRARY_PATH} "${ld_path}")
run("run the pkg-config C++ consumer" ${WORK_DIR}/pc_consumer_cpp)
expect("the pkg-config C++ consumer" "${out}" "c++ prod_web_apps_Deployment")
run("run the pkg-config C consumer" ${WORK_DIR}/pc_consumer_c)
expect("the pkg-config C consumer" "${out}" "c ${VERSION} prod_web__Service")

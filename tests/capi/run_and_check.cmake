# cmake "-DCOMMAND=<cmd|arg|...>" "-DEXPECT=<substring|...>" ["-DENV=<VAR=value|...>"]
#       -P run_and_check.cmake
# The lists are separated by "|", since add_test would split ";" into
# separate arguments.
# Runs COMMAND, prints its output, and fails unless it exits 0 and its
# standard output holds every EXPECT substring (ctest's PASS_REGULAR_EXPRESSION
# passes on any one of several, which is too weak for checking a program's
# whole output).
foreach(list COMMAND EXPECT ENV)
  string(REPLACE "|" ";" ${list} "${${list}}")
endforeach()
foreach(kv IN LISTS ENV)
  string(FIND "${kv}" "=" eq)
  string(SUBSTRING "${kv}" 0 ${eq} var)
  math(EXPR start "${eq} + 1")
  string(SUBSTRING "${kv}" ${start} -1 value)
  set(ENV{${var}} "${value}")
endforeach()
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("${out}")
if(err)
  message("stderr:\n${err}")
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "exited with ${rc}")
endif()
set(missing "")
foreach(want IN LISTS EXPECT)
  string(FIND "${out}" "${want}" at)
  if(at EQUAL -1)
    list(APPEND missing "${want}")
  endif()
endforeach()
if(missing)
  list(JOIN missing "\n---\n" missing_text)
  message(FATAL_ERROR "output lacks:\n${missing_text}")
endif()

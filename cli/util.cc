// The helpers in cli.h shared by the commands.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli.h"

namespace gitops_cli {

int Fail(const Failure& failure, int exit_code) {
  std::fprintf(stderr, "error: %s\n", failure.message.c_str());
  return exit_code;
}

int Write(const std::string& out) {
  if (!out.empty() && std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
    return Fail({std::string("writing output: ") + std::strerror(errno)});
  }
  if (std::fflush(stdout) != 0)
    return Fail({std::string("writing output: ") + std::strerror(errno)});
  return 0;
}

std::optional<Failure> ReadInput(const std::string& path, std::string* text) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    if (std::cin.bad()) return Failure{"reading standard input failed"};
    *text = std::move(buffer).str();
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Failure{"cannot open " + path + ": " + std::strerror(errno)};
  text->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return Failure{"cannot read " + path + ": " + std::strerror(errno)};
  return std::nullopt;
}

bool TakeFlag(const std::vector<std::string>& args, size_t* i, std::string_view flag,
              std::string* value) {
  const std::string& arg = args[*i];
  if (arg == flag && *i + 1 < args.size()) {
    *value = args[++*i];
    return true;
  }
  if (arg.size() > flag.size() && arg.starts_with(flag) && arg[flag.size()] == '=') {
    *value = arg.substr(flag.size() + 1);
    return true;
  }
  return false;
}

}  // namespace gitops_cli

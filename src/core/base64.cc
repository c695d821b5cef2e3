#include "gitops/core/base64.h"

#include <cstdint>

namespace gitops {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 0..63 for an alphabet character, -1 otherwise.
int DigitOf(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string Base64Encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t n =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t acc = 0;
  int digits = 0;   // in the current quantum
  int padding = 0;  // '=' seen
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      if (digits < 2) {
        return InvalidArgumentError("illegal base64 data at input byte " + std::to_string(i));
      }
      ++padding;
      if (digits + padding > 4) {
        return InvalidArgumentError("illegal base64 data at input byte " + std::to_string(i));
      }
      continue;
    }
    int d = DigitOf(c);
    if (d < 0 || padding > 0) {
      return InvalidArgumentError("illegal base64 data at input byte " + std::to_string(i));
    }
    acc = (acc << 6) | static_cast<uint32_t>(d);
    if (++digits == 4) {
      out += static_cast<char>((acc >> 16) & 0xff);
      out += static_cast<char>((acc >> 8) & 0xff);
      out += static_cast<char>(acc & 0xff);
      acc = 0;
      digits = 0;
    }
  }
  if (padding > 0) {
    if (digits + padding != 4) {
      return InvalidArgumentError("illegal base64 data at input byte " + std::to_string(in.size()));
    }
    if (digits == 2) {
      out += static_cast<char>((acc >> 4) & 0xff);
    } else {
      out += static_cast<char>((acc >> 10) & 0xff);
      out += static_cast<char>((acc >> 2) & 0xff);
    }
  } else if (digits != 0) {
    return InvalidArgumentError("illegal base64 data at input byte " + std::to_string(in.size()));
  }
  return out;
}

}  // namespace gitops

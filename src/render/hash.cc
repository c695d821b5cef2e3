#include "render/hash.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "gitops/core/json.h"

namespace gitops::render {
namespace {

constexpr std::array<uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

// Go's encoding/json string form: HTML-safe escapes for <, > and &, and
// \u2028 / \u2029, as json.Marshal writes them.
void AppendGoString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  *out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      *out += '\\';
      *out += static_cast<char>(c);
    } else if (c == '\n') {
      *out += "\\n";
    } else if (c == '\r') {
      *out += "\\r";
    } else if (c == '\t') {
      *out += "\\t";
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      *out += "\\u00";
      *out += kHex[c >> 4];
      *out += kHex[c & 15];
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      *out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      *out += static_cast<char>(c);
    }
  }
  *out += '"';
}

// Go's json.Marshal of a map[string]interface{}: keys sorted bytewise.
void AppendGoJson(const Value& v, std::string* out) {
  if (v.is_string()) {
    AppendGoString(v.as_string(), out);
  } else if (v.is_object()) {
    std::vector<const Value::Member*> ms;
    for (const Value::Member& m : v.members()) ms.push_back(&m);
    std::sort(ms.begin(), ms.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
    *out += '{';
    for (size_t i = 0; i < ms.size(); ++i) {
      if (i > 0) *out += ',';
      AppendGoString(ms[i]->key(), out);
      *out += ':';
      AppendGoJson(ms[i]->value(), out);
    }
    *out += '}';
  } else if (v.is_array()) {
    *out += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) *out += ',';
      AppendGoJson(v[i], out);
    }
    *out += ']';
  } else {
    Result<std::string> s = WriteJson(v);
    *out += s.ok() ? *s : std::string("null");
  }
}

Value FieldOrEmpty(const Value& obj, std::string_view a) {
  const Value* v = obj.Find(a);
  if (v == nullptr) return Value("");
  return *v;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string msg(data);
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  msg += static_cast<char>(0x80);
  while (msg.size() % 64 != 56) msg += '\0';
  for (int i = 7; i >= 0; --i) msg += static_cast<char>((bits >> (i * 8)) & 0xff);
  for (size_t off = 0; off < msg.size(); off += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
      w[i] = (static_cast<uint32_t>(static_cast<unsigned char>(msg[off + i * 4])) << 24) |
             (static_cast<uint32_t>(static_cast<unsigned char>(msg[off + i * 4 + 1])) << 16) |
             (static_cast<uint32_t>(static_cast<unsigned char>(msg[off + i * 4 + 2])) << 8) |
             static_cast<uint32_t>(static_cast<unsigned char>(msg[off + i * 4 + 3]));
    }
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t s1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = hh + s1 + ch + kK[i] + w[i];
      uint32_t s0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
      uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = s0 + maj;
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  char buf[65];
  for (int i = 0; i < 8; ++i) std::snprintf(buf + i * 8, 9, "%08x", h[i]);
  return std::string(buf, 64);
}

std::string KustomizeHash(const Value& obj) {
  const Value* kind = obj.Find("kind");
  std::string_view k = kind != nullptr && kind->is_string() ? kind->as_string() : "";
  Value m = Value::Object();
  if (k == "ConfigMap") {
    m.Set("kind", "ConfigMap");
    // kustomize looks the name up as one field called "metadata/name",
    // which no object has: the name is always "" in the hashed encoding.
    m.Set("name", "");
    m.Set("data", FieldOrEmpty(obj, "data"));
    const Value* bin = obj.Find("binaryData");
    if (bin != nullptr && bin->is_object()) m.Set("binaryData", *bin);
  } else if (k == "Secret") {
    m.Set("kind", "Secret");
    m.Set("type", FieldOrEmpty(obj, "type"));
    m.Set("name", "");
    m.Set("data", FieldOrEmpty(obj, "data"));
    const Value* sd = obj.Find("stringData");
    if (sd != nullptr && sd->is_object()) m.Set("stringData", *sd);
  } else {
    m = obj;
  }
  std::string encoded;
  AppendGoJson(m, &encoded);
  std::string hex = Sha256Hex(encoded);
  std::string out = hex.substr(0, 10);
  for (char& c : out) {
    switch (c) {
      case '0':
        c = 'g';
        break;
      case '1':
        c = 'h';
        break;
      case '3':
        c = 'k';
        break;
      case 'a':
        c = 'm';
        break;
      case 'e':
        c = 't';
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace gitops::render

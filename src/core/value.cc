#include "gitops/core/value.h"

#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

namespace gitops {

// A heap string: length, then the bytes and a NUL (so that data() can be
// handed to C APIs that want one).
struct Value::HeapString {
  size_t size;
  char* data() { return reinterpret_cast<char*>(this + 1); }
  static HeapString* Make(std::string_view s) {
    void* mem = std::malloc(sizeof(HeapString) + s.size() + 1);
    if (mem == nullptr) throw std::bad_alloc();
    auto* h = static_cast<HeapString*>(mem);
    h->size = s.size();
    if (!s.empty()) std::memcpy(h->data(), s.data(), s.size());
    h->data()[s.size()] = '\0';
    return h;
  }
};

struct Value::ArrayRep {
  std::vector<Value> items;
};
struct Value::ObjectRep {
  std::vector<Member> members;
};

namespace {
constexpr unsigned char kHeapMarker = 0xFF;
}  // namespace

void* Value::ptr() const {
  void* p;
  std::memcpy(&p, bytes_, sizeof p);
  return p;
}
void Value::set_ptr(void* p) { std::memcpy(bytes_, &p, sizeof p); }

Value::Value(bool b) noexcept {
  InitTag(Type::kBool);
  bytes_[0] = b ? 1 : 0;
}
Value::Value(long long i) noexcept {
  InitTag(Type::kInt);
  int64_t v = i;
  std::memcpy(bytes_, &v, sizeof v);
}
Value::Value(unsigned long long u) noexcept {
  if (u <= static_cast<unsigned long long>(std::numeric_limits<int64_t>::max())) {
    InitTag(Type::kInt);
    int64_t v = static_cast<int64_t>(u);
    std::memcpy(bytes_, &v, sizeof v);
  } else {
    InitTag(Type::kUint);
    uint64_t v = u;
    std::memcpy(bytes_, &v, sizeof v);
  }
}
Value::Value(double d) noexcept {
  InitTag(Type::kDouble);
  std::memcpy(bytes_, &d, sizeof d);
}
Value::Value(std::string_view s) {
  InitTag(Type::kString);
  if (s.size() <= kMaxInline) {
    if (!s.empty()) std::memcpy(bytes_, s.data(), s.size());
    bytes_[kInlineLenByte] = static_cast<unsigned char>(s.size());
  } else {
    set_ptr(HeapString::Make(s));
    bytes_[kInlineLenByte] = kHeapMarker;
  }
}

Value Value::Array() {
  Value v;
  v.bytes_[kTagByte] = static_cast<unsigned char>(Type::kArray);
  return v;
}
Value Value::Object() {
  Value v;
  v.bytes_[kTagByte] = static_cast<unsigned char>(Type::kObject);
  return v;
}
Value Value::Array(std::initializer_list<Value> items) {
  Value v = Array();
  v.Reserve(items.size());
  for (const Value& item : items) v.Append(item);
  return v;
}

Value Value::ArrayFrom(std::vector<Value> items) {
  Value v = Array();
  if (!items.empty()) v.set_ptr(new ArrayRep{std::move(items)});
  return v;
}
Value Value::ObjectFrom(std::vector<Member> members) {
  Value v = Object();
  if (!members.empty()) v.set_ptr(new ObjectRep{std::move(members)});
  return v;
}

Value::Value(const Value& other) {
  std::memcpy(bytes_, other.bytes_, sizeof bytes_);
  switch (other.type()) {
    case Type::kString:
      if (other.bytes_[kInlineLenByte] == kHeapMarker) {
        set_ptr(HeapString::Make(other.as_string()));
      }
      break;
    case Type::kArray:
      if (other.ptr() != nullptr) set_ptr(new ArrayRep(*other.array_rep()));
      break;
    case Type::kObject:
      if (other.ptr() != nullptr) set_ptr(new ObjectRep(*other.object_rep()));
      break;
    default:
      break;
  }
}

Value& Value::operator=(const Value& other) {
  if (this != &other) {
    Value copy(other);
    swap(copy);
  }
  return *this;
}

Value::Value(Value&& other) noexcept {
  std::memcpy(bytes_, other.bytes_, sizeof bytes_);
  other.InitTag(Type::kNull);
}

Value& Value::operator=(Value&& other) noexcept {
  if (this != &other) {
    // Move out first: `other` may live inside this tree.
    unsigned char tmp[16];
    std::memcpy(tmp, other.bytes_, sizeof tmp);
    other.InitTag(Type::kNull);
    Destroy();
    std::memcpy(bytes_, tmp, sizeof tmp);
  }
  return *this;
}

Value::~Value() { Destroy(); }

void Value::Destroy() noexcept {
  switch (type()) {
    case Type::kString:
      if (bytes_[kInlineLenByte] == kHeapMarker) std::free(ptr());
      break;
    case Type::kArray:
      delete array_rep();
      break;
    case Type::kObject:
      delete object_rep();
      break;
    default:
      break;
  }
  InitTag(Type::kNull);
}

void Value::swap(Value& other) noexcept {
  unsigned char tmp[16];
  std::memcpy(tmp, bytes_, sizeof tmp);
  std::memcpy(bytes_, other.bytes_, sizeof tmp);
  std::memcpy(other.bytes_, tmp, sizeof tmp);
}

bool Value::as_bool() const {
  assert(is_bool());
  return bytes_[0] != 0;
}
int64_t Value::as_int() const {
  assert(type() == Type::kInt);
  int64_t v;
  std::memcpy(&v, bytes_, sizeof v);
  return v;
}
uint64_t Value::as_uint() const {
  assert(is_integer());
  uint64_t v;
  std::memcpy(&v, bytes_, sizeof v);
  return v;
}
double Value::as_double() const {
  switch (type()) {
    case Type::kInt:
      return static_cast<double>(as_int());
    case Type::kUint:
      return static_cast<double>(as_uint());
    case Type::kDouble: {
      double d;
      std::memcpy(&d, bytes_, sizeof d);
      return d;
    }
    default:
      assert(false && "as_double on a non-number");
      return 0;
  }
}
std::string_view Value::as_string() const {
  assert(is_string());
  if (bytes_[kInlineLenByte] == kHeapMarker) {
    auto* h = static_cast<HeapString*>(ptr());
    return {h->data(), h->size};
  }
  return {reinterpret_cast<const char*>(bytes_), bytes_[kInlineLenByte]};
}

size_t Value::size() const {
  if (is_array()) return array_rep() ? array_rep()->items.size() : 0;
  if (is_object()) return object_rep() ? object_rep()->members.size() : 0;
  return 0;
}

Value::ArrayRep& Value::MutableArray() {
  if (is_null()) *this = Array();
  assert(is_array());
  if (ptr() == nullptr) set_ptr(new ArrayRep());
  return *array_rep();
}
Value::ObjectRep& Value::MutableObject() {
  if (is_null()) *this = Object();
  assert(is_object());
  if (ptr() == nullptr) set_ptr(new ObjectRep());
  return *object_rep();
}

std::span<Value> Value::items() {
  if (!is_array() || ptr() == nullptr) return {};
  return array_rep()->items;
}
std::span<const Value> Value::items() const {
  if (!is_array() || ptr() == nullptr) return {};
  return array_rep()->items;
}
Value& Value::Append(Value v) { return MutableArray().items.emplace_back(std::move(v)); }
void Value::Reserve(size_t n) {
  if (is_array()) MutableArray().items.reserve(n);
  else if (is_object()) MutableObject().members.reserve(n);
}
void Value::EraseAt(size_t index) {
  auto& items = MutableArray().items;
  assert(index < items.size());
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(index));
}
Value& Value::InsertAt(size_t index, Value v) {
  auto& items = MutableArray().items;
  assert(index <= items.size());
  return *items.insert(items.begin() + static_cast<std::ptrdiff_t>(index), std::move(v));
}

std::span<Value::Member> Value::members() {
  if (!is_object() || ptr() == nullptr) return {};
  return object_rep()->members;
}
std::span<const Value::Member> Value::members() const {
  if (!is_object() || ptr() == nullptr) return {};
  return object_rep()->members;
}
const Value* Value::Find(std::string_view key) const {
  for (const Member& m : members()) {
    if (m.key() == key) return &m.value_;
  }
  return nullptr;
}
Value* Value::Find(std::string_view key) {
  for (Member& m : members()) {
    if (m.key() == key) return &m.value_;
  }
  return nullptr;
}
Value& Value::Set(std::string_view key, Value v) {
  if (Value* existing = Find(key)) {
    *existing = std::move(v);
    return *existing;
  }
  return AppendMember(key, std::move(v));
}
Value& Value::operator[](std::string_view key) {
  if (Value* existing = Find(key)) return *existing;
  return AppendMember(key, Value());
}
bool Value::Erase(std::string_view key) {
  if (!is_object() || ptr() == nullptr) return false;
  auto& ms = object_rep()->members;
  for (auto it = ms.begin(); it != ms.end(); ++it) {
    if (it->key() == key) {
      ms.erase(it);
      return true;
    }
  }
  return false;
}
Value& Value::AppendMember(std::string_view key, Value v) {
  return MutableObject().members.emplace_back(key, std::move(v)).value_;
}

namespace {

// Splits the next token off a JSON pointer; `rest` starts after a '/'.
// Returns false if an escape is malformed.
bool NextToken(std::string_view* rest, std::string* token) {
  size_t end = rest->find('/');
  std::string_view raw = rest->substr(0, end);
  *rest = end == std::string_view::npos ? std::string_view() : rest->substr(end);
  token->clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '~') {
      token->push_back(raw[i]);
      continue;
    }
    if (i + 1 >= raw.size()) return false;
    if (raw[i + 1] == '0') token->push_back('~');
    else if (raw[i + 1] == '1') token->push_back('/');
    else return false;
    ++i;
  }
  return true;
}

// Array indices: "0" or digits without a leading zero.
bool ParseIndex(std::string_view token, size_t* out) {
  if (token.empty() || token.size() > 18) return false;
  if (token.size() > 1 && token[0] == '0') return false;
  size_t n = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  *out = n;
  return true;
}

}  // namespace

const Value* Value::AtPointer(std::string_view pointer) const {
  return const_cast<Value*>(this)->AtPointer(pointer);
}

Value* Value::AtPointer(std::string_view pointer) {
  Value* cur = this;
  if (pointer.empty()) return cur;
  if (pointer[0] != '/') return nullptr;
  std::string token;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);
    if (!NextToken(&pointer, &token)) return nullptr;
    if (cur->is_object()) {
      cur = cur->Find(token);
    } else if (cur->is_array()) {
      size_t index;
      if (!ParseIndex(token, &index) || index >= cur->size()) return nullptr;
      cur = &(*cur)[index];
    } else {
      return nullptr;
    }
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

namespace {
// Splits a pointer into its parent pointer and last (unescaped) token.
Status SplitLast(std::string_view pointer, std::string_view* parent, std::string* last) {
  if (pointer.empty() || pointer[0] != '/') {
    return InvalidArgumentError("JSON pointer \"" + std::string(pointer) +
                                "\" must be empty or start with '/'");
  }
  size_t slash = pointer.rfind('/');
  *parent = pointer.substr(0, slash);
  std::string_view rest = pointer.substr(slash + 1);
  if (!NextToken(&rest, last)) {
    return InvalidArgumentError("JSON pointer \"" + std::string(pointer) +
                                "\" has a '~' not followed by 0 or 1");
  }
  return OkStatus();
}
}  // namespace

Status Value::SetPointer(std::string_view pointer, Value v) {
  if (pointer.empty()) {
    *this = std::move(v);
    return OkStatus();
  }
  std::string_view parent_ptr;
  std::string last;
  GITOPS_RETURN_IF_ERROR(SplitLast(pointer, &parent_ptr, &last));
  Value* parent = AtPointer(parent_ptr);
  if (parent == nullptr) {
    return NotFoundError("JSON pointer \"" + std::string(pointer) + "\": parent \"" +
                         std::string(parent_ptr) + "\" does not exist");
  }
  if (parent->is_object()) {
    parent->Set(last, std::move(v));
    return OkStatus();
  }
  if (parent->is_array()) {
    size_t index;
    if (last == "-") {
      parent->Append(std::move(v));
      return OkStatus();
    }
    if (!ParseIndex(last, &index) || index > parent->size()) {
      return InvalidArgumentError("JSON pointer \"" + std::string(pointer) + "\": index \"" +
                                  last + "\" is out of range for an array of " +
                                  std::to_string(parent->size()));
    }
    if (index == parent->size()) parent->Append(std::move(v));
    else (*parent)[index] = std::move(v);
    return OkStatus();
  }
  return InvalidArgumentError("JSON pointer \"" + std::string(pointer) + "\": \"" +
                              std::string(parent_ptr) + "\" is a " +
                              std::string(TypeName(parent->type())) + ", not an object or array");
}

Status Value::RemovePointer(std::string_view pointer) {
  if (pointer.empty()) {
    *this = Value();
    return OkStatus();
  }
  std::string_view parent_ptr;
  std::string last;
  GITOPS_RETURN_IF_ERROR(SplitLast(pointer, &parent_ptr, &last));
  Value* parent = AtPointer(parent_ptr);
  if (parent != nullptr && parent->is_object() && parent->Erase(last)) return OkStatus();
  size_t index;
  if (parent != nullptr && parent->is_array() && ParseIndex(last, &index) &&
      index < parent->size()) {
    parent->EraseAt(index);
    return OkStatus();
  }
  return NotFoundError("JSON pointer \"" + std::string(pointer) + "\" does not exist");
}

bool operator==(const Value& a, const Value& b) {
  using T = Value::Type;
  T ta = a.type(), tb = b.type();
  if (a.is_number() && b.is_number()) {
    if (ta == T::kDouble || tb == T::kDouble) {
      if (ta == T::kDouble && tb == T::kDouble) return a.as_double() == b.as_double();
      // An integer equals a double only if the double is that exact integer.
      const Value& d = ta == T::kDouble ? a : b;
      const Value& i = ta == T::kDouble ? b : a;
      double x = d.as_double();
      if (x != std::floor(x)) return false;
      if (i.type() == T::kInt) {
        return x >= -9223372036854775808.0 && x < 9223372036854775808.0 &&
               static_cast<int64_t>(x) == i.as_int();
      }
      return x >= 0 && x < 18446744073709551616.0 && static_cast<uint64_t>(x) == i.as_uint();
    }
    return ta == tb && a.as_uint() == b.as_uint();
  }
  if (ta != tb) return false;
  switch (ta) {
    case T::kNull:
      return true;
    case T::kBool:
      return a.as_bool() == b.as_bool();
    case T::kString:
      return a.as_string() == b.as_string();
    case T::kArray: {
      auto ia = a.items(), ib = b.items();
      if (ia.size() != ib.size()) return false;
      for (size_t i = 0; i < ia.size(); ++i) {
        if (!(ia[i] == ib[i])) return false;
      }
      return true;
    }
    case T::kObject: {
      if (a.size() != b.size()) return false;
      for (const Value::Member& m : a.members()) {
        const Value* other = b.Find(m.key());
        if (other == nullptr || !(m.value() == *other)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

std::string_view Value::TypeName(Type t) {
  switch (t) {
    case Type::kNull: return "null";
    case Type::kBool: return "boolean";
    case Type::kInt:
    case Type::kUint: return "integer";
    case Type::kDouble: return "number";
    case Type::kString: return "string";
    case Type::kArray: return "array";
    case Type::kObject: return "object";
  }
  return "unknown";
}

size_t Value::HeapBytes() const {
  switch (type()) {
    case Type::kString:
      if (bytes_[kInlineLenByte] == kHeapMarker) {
        return sizeof(HeapString) + as_string().size() + 1;
      }
      return 0;
    case Type::kArray: {
      if (ptr() == nullptr) return 0;
      size_t n = sizeof(ArrayRep) + array_rep()->items.capacity() * sizeof(Value);
      for (const Value& v : items()) n += v.HeapBytes();
      return n;
    }
    case Type::kObject: {
      if (ptr() == nullptr) return 0;
      size_t n = sizeof(ObjectRep) + object_rep()->members.capacity() * sizeof(Member);
      for (const Member& m : members()) n += m.key_.HeapBytes() + m.value().HeapBytes();
      return n;
    }
    default:
      return 0;
  }
}

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

static_assert(sizeof(Value) == 16, "Value must stay 16 bytes");

}  // namespace gitops

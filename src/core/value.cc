#include "gitops/core/value.h"

#include <bit>
#include <malloc.h>

#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <span>
#include <stdexcept>

namespace gitops {

namespace {
// A heap string's buffer: the bytes and a NUL (so that data() can be handed
// to C APIs that want one).
char* CopyToHeap(std::string_view s) {
  auto* mem = static_cast<char*>(std::malloc(s.size() + 1));
  if (mem == nullptr) throw std::bad_alloc();
  if (!s.empty()) std::memcpy(mem, s.data(), s.size());
  mem[s.size()] = '\0';
  return mem;
}
}  // namespace

namespace {

// One heap block per array or object: a header, then the elements. Values
// and Members hold no pointers into themselves, so a block may be moved
// bitwise: it grows with realloc and never calls the elements' moves.
template <typename T>
struct Block {
  uint32_t size;
  uint32_t capacity;

  T* data() { return reinterpret_cast<T*>(this + 1); }
  const T* data() const { return reinterpret_cast<const T*>(this + 1); }

  static size_t Bytes(size_t capacity) { return sizeof(Block) + capacity * sizeof(T); }

  // A block with room for `capacity` elements (the old block's are kept).
  static Block* Resize(Block* old, size_t capacity) {
    if (capacity > UINT32_MAX) throw std::length_error("gitops::Value: over 2^32 elements");
    auto* b = static_cast<Block*>(std::realloc(old, Bytes(capacity)));
    if (b == nullptr) throw std::bad_alloc();
    if (old == nullptr) b->size = 0;
    b->capacity = static_cast<uint32_t>(capacity);
    return b;
  }
  // Room for one more element, doubling.
  static Block* Grow(Block* b) {
    if (b != nullptr && b->size < b->capacity) return b;
    size_t cap = b == nullptr ? 0 : b->capacity;
    return Resize(b, cap < 2 ? 2 : cap * 2);
  }
  static void Free(Block* b) noexcept {
    if (b == nullptr) return;
    for (uint32_t i = 0; i < b->size; ++i) b->data()[i].~T();
    std::free(b);
  }
  static Block* Clone(const Block* from) {
    Block* b = Resize(nullptr, from->size);
    try {
      for (; b->size < from->size; ++b->size) new (b->data() + b->size) T(from->data()[b->size]);
    } catch (...) {
      Free(b);
      throw;
    }
    return b;
  }
  // Moves `n` elements in bitwise; the sources are left null (a null Value
  // is all zero bytes, a Member two null Values).
  static Block* Take(T* first, size_t n) {
    Block* b = Resize(nullptr, n);
    std::memcpy(static_cast<void*>(b->data()), static_cast<const void*>(first), n * sizeof(T));
    std::memset(static_cast<void*>(first), 0, n * sizeof(T));
    b->size = static_cast<uint32_t>(n);
    return b;
  }
};

using ArrayBlock = Block<Value>;
using ObjectBlock = Block<Value::Member>;

}  // namespace

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
void Value::SetHeapString(char* data, size_t size) {
  if (size >= (uint64_t{1} << 48)) throw std::length_error("gitops::Value: string over 2^48 bytes");
  InitTag(Type::kString);
  set_ptr(data);
  uint64_t len = size;
  std::memcpy(bytes_ + 8, &len, 6);  // little-endian: the low 6 bytes
  bytes_[kInlineLenByte] = kHeapMarker;
}

void Value::InitHeapString(std::string_view s) { SetHeapString(CopyToHeap(s), s.size()); }

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

Value Value::TakeItems(Value* first, size_t n) {
  Value v = Array();
  if (n > 0) v.set_ptr(ArrayBlock::Take(first, n));
  return v;
}
Value Value::TakeMembers(Member* first, size_t n) {
  // Keys are distinct (value.h); checked in debug builds for small objects.
  for (size_t i = 0; n <= 64 && i < n; ++i) {
    for (size_t j = 0; j < i; ++j) assert(first[i].key() != first[j].key());
  }
  Value v = Object();
  if (n > 0) v.set_ptr(ObjectBlock::Take(first, n));
  return v;
}
Value Value::ArrayFrom(std::vector<Value> items) { return TakeItems(items.data(), items.size()); }
Value Value::ObjectFrom(std::vector<Member> members) {
  return TakeMembers(members.data(), members.size());
}

Value::Value(const Value& other) {
  std::memcpy(bytes_, other.bytes_, sizeof bytes_);
  switch (other.type()) {
    case Type::kString:
      if (other.bytes_[kInlineLenByte] == kHeapMarker) set_ptr(CopyToHeap(other.as_string()));
      break;
    case Type::kArray:
      if (other.ptr() != nullptr) set_ptr(ArrayBlock::Clone(static_cast<ArrayBlock*>(other.ptr())));
      break;
    case Type::kObject:
      if (other.ptr() != nullptr) {
        set_ptr(ObjectBlock::Clone(static_cast<ObjectBlock*>(other.ptr())));
      }
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


void Value::Destroy() noexcept {
  switch (type()) {
    case Type::kString:
      if (bytes_[kInlineLenByte] == kHeapMarker) std::free(ptr());
      break;
    case Type::kArray:
      ArrayBlock::Free(static_cast<ArrayBlock*>(ptr()));
      break;
    case Type::kObject:
      ObjectBlock::Free(static_cast<ObjectBlock*>(ptr()));
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
void Value::BecomeArray() {
  if (is_null()) *this = Array();
  assert(is_array());
}
void Value::BecomeObject() {
  if (is_null()) *this = Object();
  assert(is_object());
}

Value& Value::Append(Value v) {
  BecomeArray();
  ArrayBlock* b = ArrayBlock::Grow(static_cast<ArrayBlock*>(ptr()));
  set_ptr(b);
  Value* slot = new (b->data() + b->size) Value(std::move(v));
  ++b->size;
  return *slot;
}
void Value::Reserve(size_t n) {
  // The inline accessors in value.h read the blocks' header as this layout.
  static_assert(sizeof(ArrayBlock) == kBlockHeader && sizeof(ObjectBlock) == kBlockHeader &&
                offsetof(ArrayBlock, size) == 0);
  if (!is_array() && !is_object()) return;
  auto* b = static_cast<ArrayBlock*>(ptr());
  if (b != nullptr && b->capacity >= n) return;
  if (is_array()) set_ptr(ArrayBlock::Resize(b, n));
  else set_ptr(ObjectBlock::Resize(static_cast<ObjectBlock*>(ptr()), n));
}
void Value::EraseAt(size_t index) {
  BecomeArray();
  auto* b = static_cast<ArrayBlock*>(ptr());
  assert(b != nullptr && index < b->size);
  b->data()[index].~Value();
  std::memmove(static_cast<void*>(b->data() + index), static_cast<const void*>(b->data() + index + 1),
               (b->size - index - 1) * sizeof(Value));
  --b->size;
}
Value& Value::InsertAt(size_t index, Value v) {
  BecomeArray();
  ArrayBlock* b = ArrayBlock::Grow(static_cast<ArrayBlock*>(ptr()));
  set_ptr(b);
  assert(index <= b->size);
  std::memmove(static_cast<void*>(b->data() + index + 1), static_cast<const void*>(b->data() + index),
               (b->size - index) * sizeof(Value));
  Value* slot = new (b->data() + index) Value(std::move(v));
  ++b->size;
  return *slot;
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
  auto* b = static_cast<ObjectBlock*>(ptr());
  for (uint32_t i = 0; i < b->size; ++i) {
    if (b->data()[i].key() != key) continue;
    b->data()[i].~Member();
    std::memmove(static_cast<void*>(b->data() + i), static_cast<const void*>(b->data() + i + 1),
                 (b->size - i - 1) * sizeof(Member));
    --b->size;
    return true;
  }
  return false;
}
Value& Value::AppendReservedMember(Value key, Value v) noexcept {
  auto* b = static_cast<ObjectBlock*>(ptr());
  assert(is_object() && key.is_string() && b != nullptr && b->size < b->capacity);
  assert(size() > 64 || Find(key.as_string()) == nullptr);  // keys are distinct
  Member* slot = new (b->data() + b->size) Member(std::move(key), std::move(v));
  ++b->size;
  return slot->value_;
}
Value& Value::AppendMember(std::string_view key, Value v) {
  BecomeObject();
  // Keys are distinct (value.h). Checked only in small objects, so that a
  // debug build stays linear for readers appending thousands of keys.
  assert(size() > 64 || Find(key) == nullptr);
  // Built before the block grows: `key` may point into this very block.
  Member member(key, std::move(v));
  ObjectBlock* b = ObjectBlock::Grow(static_cast<ObjectBlock*>(ptr()));
  set_ptr(b);
  Member* slot = new (b->data() + b->size) Member(std::move(member));
  ++b->size;
  return slot->value_;
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

namespace {
// Every '~' must be followed by 0 or 1.
Status CheckPointerSyntax(std::string_view pointer) {
  for (size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] == '~' && (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))) {
      return InvalidArgumentError("JSON pointer \"" + std::string(pointer) +
                                  "\" has a '~' not followed by 0 or 1");
    }
  }
  return OkStatus();
}
}  // namespace

Status Value::SetPointer(std::string_view pointer, Value v) {
  GITOPS_RETURN_IF_ERROR(CheckPointerSyntax(pointer));
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
  GITOPS_RETURN_IF_ERROR(CheckPointerSyntax(pointer));
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

bool Identical(const Value& a, const Value& b) {
  using T = Value::Type;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case T::kNull:
      return true;
    case T::kBool:
      return a.as_bool() == b.as_bool();
    case T::kInt:
      return a.as_int() == b.as_int();
    case T::kUint:
      return a.as_uint() == b.as_uint();
    case T::kDouble: {
      double x = a.as_double(), y = b.as_double();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    case T::kString:
      return a.as_string() == b.as_string();
    case T::kArray: {
      auto x = a.items(), y = b.items();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!Identical(x[i], y[i])) return false;
      }
      return true;
    }
    case T::kObject: {
      auto x = a.members(), y = b.members();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (x[i].key() != y[i].key() || !Identical(x[i].value(), y[i].value())) return false;
      }
      return true;
    }
  }
  return false;
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
      return bytes_[kInlineLenByte] == kHeapMarker ? malloc_usable_size(ptr()) : 0;
    case Type::kArray: {
      if (ptr() == nullptr) return 0;
      size_t n = malloc_usable_size(ptr());
      for (const Value& v : items()) n += v.HeapBytes();
      return n;
    }
    case Type::kObject: {
      if (ptr() == nullptr) return 0;
      size_t n = malloc_usable_size(ptr());
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
static_assert(std::endian::native == std::endian::little,
              "heap string lengths are stored as the low 6 bytes of a uint64");

}  // namespace gitops

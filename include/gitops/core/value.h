// Value: the JSON-shaped tree every gitops module reads and writes.
//
// A Value is null, a boolean, a signed 64-bit integer, an unsigned 64-bit
// integer (only for numbers above INT64_MAX, so that 18446744073709551615
// stays exact as kustomize prints it), a double, a UTF-8 string, an array,
// or an object whose keys keep their insertion order. An object's keys are
// distinct: Set replaces, the YAML and JSON readers refuse or replace a
// repeated key, and AppendMember and TakeMembers require keys not yet present
// (asserted in debug builds), so a walk over two objects may look a key up
// from where the last one was found. Values have value semantics: copying
// copies the whole tree, moving is a 16-byte copy.
//
// Layout: 16 bytes per Value; strings of up to 14 bytes are stored inline,
// longer ones in one heap block; an array or object is one heap block (a
// size, a capacity, then the elements contiguous; object members are
// key/value pairs, keys stored as compact strings too), none while empty. Key lookup is a linear scan, which beats hashing
// for the small objects Kubernetes manifests are made of.
//
// Thread safety: like std::vector: concurrent reads of one Value are safe,
// a write needs exclusive access.
//
//   gitops::Value v = gitops::Value::Object();
//   v.Set("kind", "ConfigMap");  v["metadata"]["name"] = "web";
#ifndef GITOPS_CORE_VALUE_H_
#define GITOPS_CORE_VALUE_H_

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gitops/core/status.h"

namespace gitops {

namespace internal {
struct ValueAccess;  // src/core/value_internal.h: fast paths for readers
}  // namespace internal

class Value {
 public:
  enum class Type : uint8_t { kNull, kBool, kInt, kUint, kDouble, kString, kArray, kObject };
  class Member;

  // Constructors. A Value is null by default.
  Value() noexcept { InitTag(Type::kNull); }
  Value(std::nullptr_t) noexcept { InitTag(Type::kNull); }  // NOLINT
  Value(bool b) noexcept;                                     // NOLINT
  Value(int i) noexcept : Value(static_cast<long long>(i)) {}   // NOLINT
  Value(long i) noexcept : Value(static_cast<long long>(i)) {}  // NOLINT
  Value(long long i) noexcept;                                // NOLINT
  // Stored as kInt when it fits in int64, as kUint above that.
  Value(unsigned long u) noexcept : Value(static_cast<unsigned long long>(u)) {}  // NOLINT
  Value(unsigned long long u) noexcept;                        // NOLINT
  Value(unsigned u) noexcept : Value(static_cast<long long>(u)) {}  // NOLINT
  Value(double d) noexcept;                                    // NOLINT
  Value(std::string_view s) {                                 // NOLINT
    if (s.size() <= kMaxInline) {
      InitTag(Type::kString);
      if (!s.empty()) __builtin_memcpy(bytes_, s.data(), s.size());
      bytes_[kInlineLenByte] = static_cast<unsigned char>(s.size());
    } else {
      InitHeapString(s);
    }
  }
  Value(const char* s) : Value(std::string_view(s)) {}         // NOLINT
  Value(const std::string& s) : Value(std::string_view(s)) {}  // NOLINT
  // An empty array / object. No allocation happens until the first element.
  static Value Array();
  static Value Object();
  static Value Array(std::initializer_list<Value> items);
  // An array / object that takes over the given elements (no copies); an
  // object's keys must be distinct.
  static Value ArrayFrom(std::vector<Value> items);
  static Value ObjectFrom(std::vector<Member> members);

  Value(const Value& other);
  Value& operator=(const Value& other);
  // Moves, destruction of scalars and inline strings, and as_string() are
  // inline: the YAML reader and every container move each Value several
  // times, and an out-of-line call (through the PLT, from another library)
  // cost more than the work.
  Value(Value&& other) noexcept {
    __builtin_memcpy(bytes_, other.bytes_, sizeof bytes_);
    other.InitTag(Type::kNull);
  }
  Value& operator=(Value&& other) noexcept {
    if (this != &other) {
      // Move out first: `other` may live inside this tree.
      unsigned char tmp[16];
      __builtin_memcpy(tmp, other.bytes_, sizeof tmp);
      other.InitTag(Type::kNull);
      if (type() >= Type::kString) Destroy();
      __builtin_memcpy(bytes_, tmp, sizeof tmp);
    }
    return *this;
  }
  ~Value() {
    if (type() >= Type::kString) Destroy();
  }

  Type type() const { return static_cast<Type>(bytes_[kTagByte]); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  // kInt or kUint.
  bool is_integer() const { return type() == Type::kInt || type() == Type::kUint; }
  // kInt, kUint or kDouble.
  bool is_number() const { return is_integer() || type() == Type::kDouble; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // Accessors. Each must only be called on a Value of the matching type;
  // as_double() converts any number.
  bool as_bool() const;
  int64_t as_int() const;
  uint64_t as_uint() const;
  double as_double() const;
  std::string_view as_string() const {
    assert(is_string());
    if (bytes_[kInlineLenByte] == kHeapMarker) return HeapStringView();
    return {reinterpret_cast<const char*>(bytes_), bytes_[kInlineLenByte]};
  }

  // Number of elements of an array or members of an object; 0 otherwise.
  // size(), items(), members() and Find() are inline (below): every tree
  // walk calls them per node, and the call cost more than the work.
  size_t size() const;
  bool empty() const { return size() == 0; }

  // Arrays. Calling them on another type is a programming error (checked
  // with assert), except that Append on null first turns it into an array.
  std::span<Value> items();
  std::span<const Value> items() const;
  Value& operator[](size_t index) { return items()[index]; }
  const Value& operator[](size_t index) const { return items()[index]; }
  // `v[0]` would otherwise be ambiguous with the const char* key overload.
  Value& operator[](int index) { return items()[static_cast<size_t>(index)]; }
  const Value& operator[](int index) const { return items()[static_cast<size_t>(index)]; }
  Value& Append(Value v);
  void Reserve(size_t n);  // arrays and objects
  // Removes the element at `index`, shifting later ones down.
  void EraseAt(size_t index);
  // Inserts `v` before `index` (== size() appends).
  Value& InsertAt(size_t index, Value v);

  // Objects. Set on null first turns it into an object.
  // items() and members() are views into this Value: keep the Value alive
  // while using them (`for (auto& m : MakeValue().members())` dangles).
  std::span<Member> members();
  std::span<const Member> members() const;
  // nullptr if this is not an object or has no such key.
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);
  bool Contains(std::string_view key) const { return Find(key) != nullptr; }
  // Sets key to v: replaces in place if present (keeping its position),
  // appends otherwise. Returns the stored value.
  Value& Set(std::string_view key, Value v);
  // The member `key`, appended as null if absent (turns null into an object).
  Value& operator[](std::string_view key);
  Value& operator[](const char* key) { return (*this)[std::string_view(key)]; }
  // Removes `key`; returns whether it was present.
  bool Erase(std::string_view key);
  // Appends without checking for an existing key (keys must stay distinct:
  // see the top of this file): for readers that have already checked, and
  // for building objects in a known order.
  Value& AppendMember(std::string_view key, Value v);

  // JSON pointers (RFC 6901: "/spec/containers/0/image", "~0" for "~" and
  // "~1" for "/"; "" is the whole value).
  // Get: nullptr if any step is missing or the pointer is malformed.
  const Value* AtPointer(std::string_view pointer) const;
  Value* AtPointer(std::string_view pointer);
  // Set: the parent must exist; an object member is added or replaced, an
  // array index replaces, and "-" (or index == size) appends.
  // Errors: kInvalidArgument (malformed pointer, index out of range),
  // kNotFound (a parent is missing).
  Status SetPointer(std::string_view pointer, Value v);
  // Remove: errors kNotFound (nothing there), kInvalidArgument (malformed).
  Status RemovePointer(std::string_view pointer);

  // Deep equality. Object members compare regardless of order (as JSON
  // objects do); arrays in order; numbers by mathematical value, so 1,
  // 1u and 1.0 are equal.
  friend bool operator==(const Value& a, const Value& b);
  // Whether a and b are the same representation, not only equal: the same
  // types, scalars bit for bit (0 and -0.0 differ; a NaN matches its own
  // bits), the same members in the same order. Copying one over the other
  // changes nothing, and the YAML writer writes the same text for both.
  friend bool Identical(const Value& a, const Value& b);

  // "null", "boolean", "integer", "number", "string", "array", "object".
  static std::string_view TypeName(Type t);

  // Bytes of heap memory this tree owns (excluding sizeof(*this) itself), as
  // the allocator reports its blocks' usable sizes (malloc_usable_size; the
  // allocator's own per-block header is not counted): for measuring, not for
  // logic.
  size_t HeapBytes() const;

  void swap(Value& other) noexcept;

 private:
  friend class Member;
  friend struct internal::ValueAccess;
  struct Blocks;  // the array/object heap blocks, in value.cc
  static constexpr size_t kTagByte = 15;
  static constexpr size_t kInlineLenByte = 14;
  static constexpr size_t kMaxInline = 14;
  static constexpr unsigned char kHeapMarker = 0xFF;
  // bytes_[15] is the Type; a string stores up to 14 bytes inline with their
  // length in bytes_[14]. 0xFF there marks a heap string: a malloc'd,
  // NUL-terminated buffer whose pointer is in bytes 0-7 and whose length is
  // in bytes 8-13 (48 bits). Scalars and the array/object pointers use the
  // first 8 bytes.
  alignas(8) unsigned char bytes_[16];

  void InitTag(Type t) noexcept {
    for (auto& b : bytes_) b = 0;
    bytes_[kTagByte] = static_cast<unsigned char>(t);
  }
  // Frees a string's, array's or object's heap block and leaves null.
  void Destroy() noexcept;
  std::string_view HeapStringView() const {
    const char* p;
    __builtin_memcpy(&p, bytes_, sizeof p);
    uint64_t len = 0;
    __builtin_memcpy(&len, bytes_ + 8, 6);  // little-endian: the low 6 bytes
    return {p, static_cast<size_t>(len)};
  }
  void InitHeapString(std::string_view s);
  // Makes this a heap string over `data` (malloc'd, NUL at data[size]).
  void SetHeapString(char* data, size_t size);
  void* ptr() const {
    void* p;
    __builtin_memcpy(&p, bytes_, sizeof p);
    return p;
  }
  void set_ptr(void* p);
  // An array's or object's heap block starts with its element count (a
  // uint32, then the uint32 capacity); the elements follow the 8 bytes.
  static constexpr size_t kBlockHeader = 8;
  static bool SameKey(std::string_view a, std::string_view b);
  template <typename T>
  T* BlockElements(size_t* n) const {
    auto* b = static_cast<unsigned char*>(ptr());
    if (b == nullptr) {
      *n = 0;
      return nullptr;
    }
    uint32_t size;
    __builtin_memcpy(&size, b, sizeof size);
    *n = size;
    return reinterpret_cast<T*>(b + kBlockHeader);
  }
  // An array / object that takes the n elements at `first` bitwise, leaving
  // them null.
  static Value TakeItems(Value* first, size_t n);
  static Value TakeMembers(Member* first, size_t n);
  // Appends a member whose key is the string Value `key` into room that
  // Reserve made: nothing is allocated, so nothing throws.
  Value& AppendReservedMember(Value key, Value v) noexcept;
  // Turns null into an empty array / object; asserts the type otherwise.
  void BecomeArray();
  void BecomeObject();
};

// One key/value pair of an object.
class Value::Member {
 public:
  Member(std::string_view key, Value value) : key_(key), value_(std::move(value)) {}
  // `key` must be a string Value (moved in without copying its bytes).
  Member(Value key, Value value) : key_(std::move(key)), value_(std::move(value)) {}
  std::string_view key() const { return key_.as_string(); }
  Value& value() { return value_; }
  const Value& value() const { return value_; }

 private:
  friend class Value;
  Value key_;  // always a string
  Value value_;
};

inline size_t Value::size() const {
  if (type() < Type::kArray) return 0;
  size_t n;
  BlockElements<Value>(&n);
  return n;
}
inline std::span<Value> Value::items() {
  if (!is_array()) return {};
  size_t n;
  Value* first = BlockElements<Value>(&n);
  return {first, n};
}
inline std::span<const Value> Value::items() const {
  if (!is_array()) return {};
  size_t n;
  const Value* first = BlockElements<const Value>(&n);
  return {first, n};
}
inline std::span<Value::Member> Value::members() {
  if (!is_object()) return {};
  size_t n;
  Member* first = BlockElements<Member>(&n);
  return {first, n};
}
inline std::span<const Value::Member> Value::members() const {
  if (!is_object()) return {};
  size_t n;
  const Member* first = BlockElements<const Member>(&n);
  return {first, n};
}
inline bool Value::SameKey(std::string_view a, std::string_view b) {
  // Keys of one object mostly differ in length or first byte: no memcmp call then.
  return a.size() == b.size() &&
         (a.empty() || (a[0] == b[0] && __builtin_memcmp(a.data(), b.data(), a.size()) == 0));
}
inline const Value* Value::Find(std::string_view key) const {
  for (const Member& m : members()) {
    if (SameKey(m.key(), key)) return &m.value_;
  }
  return nullptr;
}
inline Value* Value::Find(std::string_view key) {
  for (Member& m : members()) {
    if (SameKey(m.key(), key)) return &m.value_;
  }
  return nullptr;
}

inline void swap(Value& a, Value& b) noexcept { a.swap(b); }
inline bool operator!=(const Value& a, const Value& b) { return !(a == b); }

// Escapes a key for use in a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string EscapePointerToken(std::string_view token);

}  // namespace gitops

#endif  // GITOPS_CORE_VALUE_H_

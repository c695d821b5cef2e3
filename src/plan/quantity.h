// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource's
// Quantity) as the API server reads and writes them, so that an offline
// diff sees `cpu: 0.5` and `cpu: 500m` as the same value, as the server does
// once it has stored the applied object. Private to the plan module.
//
// The value is kept exactly (a decimal digit string and a base-10
// exponent), never as a float. Parsing follows ParseQuantity: the suffix
// picks the format (DecimalSI n u m "" k M G T P E, BinarySI Ki..Ei,
// DecimalExponent e<N>/E<N>), a value finer than 1n rounds away from zero
// to 1n, a BinarySI value is capped at 2^63-1 and one strictly between 0
// and 1 becomes DecimalSI. Writing follows MarshalJSON: the string as given
// when ParseQuantity keeps it (its fast path for strings already in
// canonical form), else CanonicalizeBytes' form.
//
// Thread safety: values and pure functions.
//
//   Result<Quantity> q = ParseQuantity("1024Mi");
//   if (q.ok()) std::string s = q->ToString();  // "1Gi"
#ifndef GITOPS_SRC_PLAN_QUANTITY_H_
#define GITOPS_SRC_PLAN_QUANTITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::plan::internal {

enum class QuantityFormat { kDecimalExponent, kBinarySI, kDecimalSI };

struct Quantity {
  // The value: (negative ? -1 : 1) * digits * 10^exponent. `digits` has no
  // leading zeros ("0" for zero).
  bool negative = false;
  std::string digits = "0";
  int64_t exponent = 0;
  QuantityFormat format = QuantityFormat::kDecimalSI;
  // The input string when ParseQuantity keeps it as the quantity's text
  // (Quantity.s); empty otherwise.
  std::string kept;
  // The scale of the int64 form ParseQuantity's fast path gives
  // (int64Amount.scale); nullopt when it took the inf.Dec path.
  std::optional<int64_t> int_scale;

  // CanonicalizeBytes: the canonical text of the value in its format.
  std::string Canonical() const;
  // What the API server writes: `kept`, else Canonical().
  std::string ToString() const;
  // Quantity.RoundUp(scale): the value rounded away from zero to a
  // multiple of 10^scale; the kept text is dropped when the value may
  // change. Returns whether no precision was lost.
  bool RoundUp(int64_t scale);
  // Whether both hold the same value (Quantity.Cmp == 0).
  bool SameValue(const Quantity& other) const;
};

// ParseQuantity. Errors: kInvalidArgument with apimachinery's message
// (the regular expression quantities must match, the numeric part, the
// suffix).
Result<Quantity> ParseQuantity(std::string_view text);

// The quantity a JSON value holds as Quantity.UnmarshalJSON reads it: a
// string (surrounding white space trimmed) or a number (its JSON text).
// Errors: kInvalidArgument (another kind of value, or ParseQuantity's).
Result<Quantity> QuantityOf(const Value& value);

// The built-in kinds' Quantity-typed fields in `object` (a Kubernetes
// object of a built-in kind; any other is left alone) as the API server
// stores them: each written as Quantity::ToString(), those of a
// ResourceList (resources.limits and requests, quota hard, capacity, ...)
// first rounded up to 1m as SetDefaults_ResourceList does. Returns the
// changed object, or nullopt when every such field already reads so.
// Errors: kInvalidArgument naming the object and the field whose value is
// not a quantity (the API server refuses it too).
Result<std::optional<Value>> CanonicalQuantities(const Value& object);

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_QUANTITY_H_

// Inventory: the objects a reconciliation applied, in Flux's form.
//
// kustomize-controller records them in a Kustomization's
// `status.inventory` as `entries: [{id: <namespace>_<name>_<group>_<kind>,
// v: <version>}]` (cli-utils' ObjMetadata ids, see ObjectId), sorted by id.
// The next reconciliation prunes the entries the new desired set no longer
// has.
//
// Thread safety: a value.
//
//   auto inv = gitops::plan::Inventory::FromValue(kustomization);  // or {entries: [...]}
//   for (const auto& e : inv->entries) std::cout << e.id << " " << e.version << "\n";
#ifndef GITOPS_PLAN_INVENTORY_H_
#define GITOPS_PLAN_INVENTORY_H_

#include <span>
#include <string>
#include <vector>

#include "gitops/core/object.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"

namespace gitops::plan {

struct InventoryEntry {
  std::string id;       // "<namespace>_<name>_<group>_<kind>"
  std::string version;  // "v1"
  friend bool operator==(const InventoryEntry&, const InventoryEntry&) = default;
};

struct Inventory {
  std::vector<InventoryEntry> entries;

  // The inventory of these object ids, sorted by id as Flux sorts it.
  static Inventory Of(std::span<const ObjectId> ids);
  // The inventory of these entries, sorted by id.
  static Inventory Of(std::vector<InventoryEntry> entries);
  // Reads `{entries: [...]}`, or a Kustomization whose status.inventory
  // holds it (no inventory: empty). Errors: kInvalidArgument (entries not a
  // list, an entry without id), kParseError (an id that does not parse),
  // each naming the entry.
  static Result<Inventory> FromValue(const Value& v);
  // `{entries: [{id, v}, ...]}`.
  Value ToValue() const;
  // The ids with their versions. Errors: kParseError naming the entry.
  Result<std::vector<ObjectId>> Ids() const;

  friend bool operator==(const Inventory&, const Inventory&) = default;
};

}  // namespace gitops::plan

#endif  // GITOPS_PLAN_INVENTORY_H_

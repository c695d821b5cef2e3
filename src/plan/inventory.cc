#include "gitops/plan/inventory.h"

#include <algorithm>
#include <utility>

namespace gitops::plan {

Inventory Inventory::Of(std::span<const ObjectId> ids) {
  std::vector<InventoryEntry> entries;
  entries.reserve(ids.size());
  for (const ObjectId& id : ids) entries.push_back({id.InventoryId(), id.version});
  return Of(std::move(entries));
}

Inventory Inventory::Of(std::vector<InventoryEntry> entries) {
  Inventory inv;
  inv.entries = std::move(entries);
  std::sort(inv.entries.begin(), inv.entries.end(),
            [](const InventoryEntry& a, const InventoryEntry& b) { return a.id < b.id; });
  return inv;
}

Result<Inventory> Inventory::FromValue(const Value& v) {
  Inventory inv;
  if (v.is_null()) return inv;
  if (!v.is_object()) return InvalidArgumentError("inventory: expected a map");
  const Value* holder = &v;
  std::string where = "inventory";
  if (!v.Contains("entries") && v.Contains("kind")) {
    const Value* status = v.Find("status");
    const Value* inventory =
        status != nullptr && status->is_object() ? status->Find("inventory") : nullptr;
    if (inventory == nullptr || inventory->is_null()) return inv;
    if (!inventory->is_object()) {
      return InvalidArgumentError("status.inventory: expected a map");
    }
    holder = inventory;
    where = "status.inventory";
  }
  const Value* entries = holder->Find("entries");
  if (entries == nullptr || entries->is_null()) return inv;
  if (!entries->is_array()) return InvalidArgumentError(where + ".entries: expected a list");
  size_t index = 0;
  for (const Value& e : entries->items()) {
    std::string at = where + ".entries[" + std::to_string(index++) + "]";
    if (!e.is_object()) return InvalidArgumentError(at + ": expected a map");
    const Value* id = e.Find("id");
    if (id == nullptr || !id->is_string()) return InvalidArgumentError(at + ": no id");
    Result<ObjectId> parsed = ObjectId::FromInventoryId(id->as_string());
    if (!parsed.ok()) return parsed.status().WithContext(at);
    InventoryEntry entry;
    entry.id = std::string(id->as_string());
    if (const Value* ver = e.Find("v"); ver != nullptr && !ver->is_null()) {
      if (!ver->is_string()) return InvalidArgumentError(at + ": v is not a string");
      entry.version = std::string(ver->as_string());
    }
    inv.entries.push_back(std::move(entry));
  }
  return inv;
}

Value Inventory::ToValue() const {
  Value list = Value::Array();
  list.Reserve(entries.size());
  for (const InventoryEntry& e : entries) {
    Value item = Value::Object();
    item.AppendMember("id", e.id);
    item.AppendMember("v", e.version);
    list.Append(std::move(item));
  }
  Value out = Value::Object();
  out.AppendMember("entries", std::move(list));
  return out;
}

Result<std::vector<ObjectId>> Inventory::Ids() const {
  std::vector<ObjectId> out;
  out.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    Result<ObjectId> id = ObjectId::FromInventoryId(entries[i].id);
    if (!id.ok()) return id.status().WithContext("inventory.entries[" + std::to_string(i) + "]");
    id->version = entries[i].version;
    out.push_back(std::move(id).value());
  }
  return out;
}

}  // namespace gitops::plan

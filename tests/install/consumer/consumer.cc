// Uses the installed C++ API: reads a manifest, prints its inventory id and
// its JSON. Exits non-zero on any error.
#include <iostream>
#include <string>

#include "gitops/core/json.h"
#include "gitops/core/object.h"
#include "gitops/core/yaml.h"

int main() {
  gitops::Result<gitops::Value> doc = gitops::ReadYamlDocument(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}\n");
  if (!doc.ok()) {
    std::cerr << doc.status().ToString() << "\n";
    return 1;
  }
  gitops::Result<gitops::Object> object = gitops::Object::Of(*doc);
  gitops::Result<std::string> json = gitops::WriteJson(*doc);
  if (!object.ok() || !json.ok()) {
    std::cerr << (object.ok() ? json.status() : object.status()).ToString() << "\n";
    return 1;
  }
  std::cout << "c++ " << object->id().InventoryId() << " " << *json << "\n";
  return 0;
}

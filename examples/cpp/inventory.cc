// Reads a YAML stream from a file, prints each object's Flux inventory id,
// then the stream as `kustomize build` would print it.
//   inventory examples/manifests/web.yaml
#include <gitops/gitops.h>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: inventory FILE.yaml\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << argv[1] << ": cannot open\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  gitops::YamlReadOptions options;
  options.file = argv[1];
  gitops::Result<std::vector<gitops::Value>> docs = gitops::ReadYaml(text.str(), options);
  if (!docs.ok()) {
    std::cerr << docs.status().ToString() << "\n";
    return 1;
  }
  for (const gitops::Value& doc : *docs) {
    gitops::Result<gitops::Object> obj = gitops::Object::Of(doc);
    if (!obj.ok()) {
      std::cerr << obj.status().ToString() << "\n";
      return 1;
    }
    std::cout << "# " << obj->id().InventoryId() << "\n";
  }
  std::cout << gitops::WriteYamlStream(*docs);
  return 0;
}

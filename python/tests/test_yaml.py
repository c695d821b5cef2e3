"""Reading and writing YAML through gitops.load_yaml / gitops.dump_yaml.

Expected texts are what `kubectl kustomize` (kustomize v5.5) prints for the
same input, checked by running it over a kustomization.yaml listing the input.
"""
import pytest

import gitops

# An input with keys out of order, quoted strings that must stay strings,
# block scalars and a long plain string.
UNSORTED = """\
kind: ConfigMap
apiVersion: v1
metadata: {name: web, namespace: default, labels: {app: web, tier: "1"}}
data:
  version: "012"
  enabled: "yes"
  flag: 'true'
  empty: ""
  script: |
    #!/bin/sh
    echo hi
  long: "this is a long string that goes on and on and on so that go-yaml has to fold it across several lines of output"
  number: "1.0"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.25
        args: ["--port", "8080", "-v"]
        ports: [{containerPort: 8080, protocol: TCP}]
"""

# kubectl kustomize of UNSORTED.
KUSTOMIZED = """\
apiVersion: v1
data:
  empty: ""
  enabled: "yes"
  flag: "true"
  long: this is a long string that goes on and on and on so that go-yaml has to fold
    it across several lines of output
  number: "1.0"
  script: |
    #!/bin/sh
    echo hi
  version: "012"
kind: ConfigMap
metadata:
  labels:
    app: web
    tier: "1"
  name: web
  namespace: default
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 3
  template:
    spec:
      containers:
      - args:
        - --port
        - "8080"
        - -v
        image: nginx:1.25
        name: web
        ports:
        - containerPort: 8080
          protocol: TCP
"""


def test_load_then_dump_prints_what_kustomize_prints():
    assert gitops.dump_yaml(gitops.load_yaml(UNSORTED)) == KUSTOMIZED


def test_canonical_text_round_trips_unchanged():
    assert gitops.dump_yaml(gitops.load_yaml(KUSTOMIZED)) == KUSTOMIZED


def test_load_keeps_mapping_order_in_dicts():
    docs = gitops.load_yaml(UNSORTED)
    assert list(docs[0]) == ["kind", "apiVersion", "metadata", "data"]
    assert list(docs[0]["data"])[:3] == ["version", "enabled", "flag"]


def test_load_resolves_plain_scalars_as_go_yaml_v3():
    (doc,) = gitops.load_yaml(
        "s: yes\nt: on\noctal: 012\nhex: 0x1F\nunder: 1_000\nexp: 1e3\n"
        "tilde: ~\nnull_: null\nb: true\nf: 2.5\nq: '012'\n")
    assert doc == {"s": "yes", "t": "on", "octal": 10, "hex": 31, "under": 1000,
                   "exp": 1000.0, "tilde": None, "null_": None, "b": True, "f": 2.5,
                   "q": "012"}
    assert type(doc["b"]) is bool and type(doc["octal"]) is int
    assert type(doc["exp"]) is float


def test_load_reads_integers_above_int64_exactly():
    (doc,) = gitops.load_yaml("u: 18446744073709551615\n")
    assert doc["u"] == 18446744073709551615 and type(doc["u"]) is int


def test_load_accepts_bytes():
    assert gitops.load_yaml(b"a: b\n") == [{"a": "b"}]


def test_load_expands_anchors_and_merge_keys():
    (doc,) = gitops.load_yaml("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n")
    assert doc["derived"] == {"x": 1, "y": 3}


def test_empty_and_null_documents_are_left_out_unless_asked():
    text = "null\n---\na: 1\n"
    assert gitops.load_yaml(text) == [{"a": 1}]
    assert gitops.load_yaml(text, skip_empty_documents=False) == [None, {"a": 1}]


def test_load_yaml_document_reads_exactly_one():
    assert gitops.load_yaml_document("a: 1\n") == {"a": 1}
    with pytest.raises(gitops.YAMLError):
        gitops.load_yaml_document("a: 1\n---\nb: 2\n")


# kubectl kustomize of a ConfigMap with these values (written in another order).
QUOTING = """\
apiVersion: v1
data:
  amp: '&amp'
  at: '@at'
  backtick: '`tick'
  colon: a:b
  empty: ""
  hash: 'a #b'
  leading-space: ' padded'
  multi: |
    line one
    line two
  multi-strip: |-
    line one
    line two
  percent: '%p'
  plain: simple text
  quoted-float: "1.0"
  quoted-null: "null"
  quoted-octal: "012"
  quoted-true: "true"
  quoted-yes: "yes"
  star: '*star'
  tilde: "~"
  unicode: héllo wörld
kind: ConfigMap
metadata:
  annotations:
    a-first: a
    dash: '- item'
    note: 'key: value'
    z-last: z
  name: demo
"""


def test_dump_of_python_values_quotes_as_kustomize():
    doc = {
        "metadata": {"name": "demo", "annotations": {
            "z-last": "z", "a-first": "a", "note": "key: value", "dash": "- item"}},
        "kind": "ConfigMap",
        "apiVersion": "v1",
        "data": {
            "quoted-yes": "yes", "quoted-octal": "012", "quoted-true": "true",
            "quoted-null": "null", "quoted-float": "1.0", "empty": "", "tilde": "~",
            "multi": "line one\nline two\n", "multi-strip": "line one\nline two",
            "unicode": "héllo wörld", "leading-space": " padded", "colon": "a:b",
            "hash": "a #b", "star": "*star", "amp": "&amp", "at": "@at",
            "backtick": "`tick", "percent": "%p", "plain": "simple text",
        },
    }
    assert gitops.dump_yaml([doc]) == QUOTING


# kubectl kustomize of the same Widget: digit runs sort as numbers, a
# non-letter sorts before a letter, empty collections stay in flow style.
WIDGET = """\
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  _under: u
  Upper: u
  big: 18446744073709551615
  bool: true
  emptyList: []
  emptyMap: {}
  float: 2.5
  int: 42
  items:
  - name: a
    value: x
  - name: b
  key1: 1
  key9: 9
  key10: 10
  negative: -7
  nested:
  - - 1
    - 2
  - - 3
  nothing: null
"""


def test_dump_of_python_types_and_key_order_as_kustomize():
    doc = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
           "spec": {"int": 42, "negative": -7, "float": 2.5, "big": 18446744073709551615,
                    "bool": True, "nothing": None, "emptyMap": {}, "emptyList": [],
                    "nested": ((1, 2), [3]),  # tuples are lists
                    "items": [{"name": "a", "value": "x"}, {"name": "b"}],
                    "key10": 10, "key9": 9, "key1": 1, "Upper": "u", "_under": "u"}}
    assert gitops.dump_yaml([doc]) == WIDGET
    assert gitops.load_yaml(WIDGET) == [gitops.load_yaml(gitops.dump_yaml([doc]))[0]]


def test_dump_without_sorting_keeps_insertion_order():
    text = "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: web\n"
    docs = gitops.load_yaml(text)
    assert gitops.dump_yaml(docs, sort_keys=False) == text
    assert gitops.dump_yaml(docs) == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n"


def test_dump_separates_documents_as_kustomize_build():
    docs = [{"a": 1}, {"b": 2}]
    assert gitops.dump_yaml(docs) == "a: 1\n---\nb: 2\n"
    assert gitops.dump_yaml(iter(docs)) == "a: 1\n---\nb: 2\n"
    assert gitops.dump_yaml([]) == ""


def test_dump_bool_is_not_an_int():
    assert gitops.dump_yaml([{"t": True, "one": 1}], sort_keys=False) == "t: true\none: 1\n"


def test_integers_beyond_64_bits_become_floats_as_go_yaml_reads_them():
    assert gitops.load_yaml(gitops.dump_yaml([{"n": 2**64}])) == [{"n": float(2**64)}]
    assert gitops.load_yaml(gitops.dump_yaml([{"n": -2**70}])) == [{"n": float(-2**70)}]
    with pytest.raises(gitops.InvalidArgumentError, match="too large"):
        gitops.dump_yaml([{"n": 10**400}])


def test_dump_takes_a_sequence_of_documents():
    with pytest.raises(TypeError, match=r"pass \[doc\]"):
        gitops.dump_yaml({"a": 1})
    with pytest.raises(TypeError):
        gitops.dump_yaml("a: 1")


def test_dump_names_the_value_it_cannot_convert():
    with pytest.raises(gitops.InvalidArgumentError, match=r"'set'.* document 1, /spec/ports/1"):
        gitops.dump_yaml([{}, {"spec": {"ports": [80, {443}]}}])
    with pytest.raises(gitops.InvalidArgumentError, match="keys must be str"):
        gitops.dump_yaml([{1: "a"}])


def test_dump_of_a_list_containing_itself_is_a_limit_error():
    cycle = []
    cycle.append(cycle)
    with pytest.raises(gitops.LimitExceededError):
        gitops.dump_yaml([cycle])


def test_syntax_error_has_file_line_and_column():
    with pytest.raises(gitops.YAMLError) as info:
        gitops.load_yaml("a: 1\nb: [1, 2\nc: 3\n", file="bad.yaml")
    error = info.value
    assert isinstance(error, gitops.ParseError) and isinstance(error, gitops.Error)
    assert error.code == "ParseError"
    assert error.file == "bad.yaml"
    assert error.line >= 2 and error.column >= 1
    assert str(error).startswith(f"bad.yaml:{error.line}:{error.column}: ")
    assert error.message in str(error)


def test_duplicate_key_is_an_error_as_kustomize_reports_it():
    with pytest.raises(gitops.YAMLError, match='mapping key "a" already defined at line 1') as info:
        gitops.load_yaml("a: 1\na: 2\n")
    assert info.value.line == 2
    assert gitops.load_yaml("a: 1\na: 2\n", duplicate_keys="last_wins") == [{"a": 2}]
    with pytest.raises(gitops.InvalidArgumentError):
        gitops.load_yaml("a: 1\n", duplicate_keys="first_wins")


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_a_limit_error():
    with pytest.raises(gitops.LimitExceededError) as info:
        gitops.load_yaml(BILLION_LAUGHS)
    assert not isinstance(info.value, gitops.ParseError)


def test_limits_are_options():
    small = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
    assert gitops.load_yaml(small)[0]["b"] == [[1, 2, 3]] * 3
    with pytest.raises(gitops.LimitExceededError):
        gitops.load_yaml(small, max_alias_nodes=3)
    with pytest.raises(gitops.LimitExceededError):
        gitops.load_yaml("a: [[[[1]]]]\n", max_depth=3)
    with pytest.raises(gitops.LimitExceededError):
        gitops.load_yaml("a: " + "x" * 100 + "\n", max_document_bytes=50)


def test_text_must_be_str_or_bytes():
    with pytest.raises(TypeError, match="str or bytes"):
        gitops.load_yaml(["a: 1"])

"""Reading and writing JSON through gitops.load_json / gitops.dump_json.

Expected texts follow RFC 8259 and Go's encoding/json (json.Marshal for
compact output, json.MarshalIndent for indented), which Flux and kubectl use.
"""
import math

import pytest

import gitops


def test_load_keeps_object_order_and_number_types():
    value = gitops.load_json('{"z": 1, "a": [2.5, -3, 18446744073709551615], "m": {"k": null}}')
    assert list(value) == ["z", "a", "m"]
    assert value == {"z": 1, "a": [2.5, -3, 18446744073709551615], "m": {"k": None}}
    assert type(value["z"]) is int and type(value["a"][0]) is float


def test_integers_beyond_64_bits_read_as_floats():
    assert gitops.load_json("123456789012345678901234567890") == 1.2345678901234568e29


def test_dump_compact_and_indented():
    value = {"kind": "List", "items": [1, 2.5, "x", True, None, [], {}]}
    assert gitops.dump_json(value) == '{"kind":"List","items":[1,2.5,"x",true,null,[],{}]}'
    assert gitops.dump_json({"a": [1, {"b": "c"}]}, indent=2) == (
        '{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ]\n}')


def test_dump_prints_floats_in_the_shortest_form_that_reads_back():
    for x in (0.1, 1e-7, 123456.789, 2.5e300):
        assert gitops.load_json(gitops.dump_json(x)) == x
    assert gitops.dump_json(0.1) == "0.1"


def test_round_trip_keeps_strings_exact():
    value = {"text": "tab\tquote\"back\\slash\u00e9\u4e2d\U0001F600\n\x01"}
    assert gitops.load_json(gitops.dump_json(value)) == value


def test_nan_and_infinity_cannot_be_written():
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(gitops.InvalidArgumentError):
            gitops.dump_json({"x": [bad]})


def test_syntax_error_is_a_json_error_with_position():
    with pytest.raises(gitops.JSONError) as info:
        gitops.load_json('{\n  "a": tru\n}', file="bad.json")
    error = info.value
    assert isinstance(error, gitops.ParseError) and not isinstance(error, gitops.YAMLError)
    assert (error.file, error.line) == ("bad.json", 2)
    assert error.column > 0
    assert str(error).startswith(f"bad.json:2:{error.column}: ")


@pytest.mark.parametrize("text", ['{"a": 1,}', '[1] [2]', '"\\ud800"', b'"\xff"', ""])
def test_invalid_json_is_rejected(text):
    with pytest.raises(gitops.JSONError):
        gitops.load_json(text)


def test_duplicate_keys_last_wins_by_default_as_encoding_json():
    assert gitops.load_json('{"a": 1, "a": 2}') == {"a": 2}
    with pytest.raises(gitops.JSONError):
        gitops.load_json('{"a": 1, "a": 2}', duplicate_keys="error")


def test_depth_and_size_limits():
    with pytest.raises(gitops.LimitExceededError):
        gitops.load_json("[" * 10 + "]" * 10, max_depth=5)
    with pytest.raises(gitops.LimitExceededError):
        gitops.load_json('"' + "x" * 100 + '"', max_document_bytes=10)
    assert gitops.load_json("[" * 5 + "]" * 5, max_depth=5) == [[[[[]]]]]


def test_str_subclass_keys_with_one_text_keep_the_last_value():
    # A str subclass may make a dict hold two keys of one text; the object
    # written holds the key once, with the last value (as JSON's last wins).
    class Alias(str):
        __hash__ = object.__hash__

        def __eq__(self, other):
            return self is other

    assert gitops.dump_json({Alias("a"): 1, Alias("a"): 2}) == '{"a":2}'

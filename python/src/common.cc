// Value <-> Python conversion and the error translation (see common.h).

#include "common.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/object.h"

namespace gitops_python {

namespace {

// _gitops.Error. Created once at import and never freed: the module holds a
// reference too, and a static py::object would be destroyed after the
// interpreter has finalised.
PyObject* error_type = nullptr;

void TranslateStatusException(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const StatusException& e) {
    const Status& s = e.status();
    const gitops::SourceLocation* loc = s.location();
    py::tuple args =
        py::make_tuple(std::string(gitops::CodeName(s.code())), s.message(),
                       loc ? loc->file : std::string(), loc ? loc->line : 0, loc ? loc->column : 0);
    PyErr_SetObject(error_type, args.ptr());
  } catch (const ConflictException& e) {
    py::list conflicts;
    for (const gitops::plan::Conflict& c : e.conflicts) {
      py::dict d;
      d["manager"] = c.manager;
      d["path"] = c.path;
      conflicts.append(d);
    }
    py::tuple args = py::make_tuple(std::string(gitops::CodeName(e.status.code())),
                                    e.status.message(), std::string(), 0, 0, conflicts);
    PyErr_SetObject(error_type, args.ptr());
  }
}

}  // namespace

void RegisterErrors(py::module_& module) {
  error_type = PyErr_NewException("gitops._gitops.Error", nullptr, nullptr);
  if (error_type == nullptr) throw py::error_already_set();
  module.add_object("Error", py::handle(error_type));
  py::register_exception_translator(&TranslateStatusException);
}

namespace {

// ---------------------------------------------------------------------------
// Python -> Value

// Deepest nesting of lists and dicts converted to a Value: the readers'
// default max_depth, which also stops a list or dict that contains itself.
constexpr int kMaxConvertDepth = 1000;

// Thrown while converting; each enclosing container adds its key or index,
// so that the message can name the JSON pointer of the offending value.
struct ConversionError {
  Code code;
  std::string reason;
  std::vector<std::string> reversed_tokens;
};

std::string PointerOf(const ConversionError& e) {
  std::string pointer;
  for (auto it = e.reversed_tokens.rbegin(); it != e.reversed_tokens.rend(); ++it) {
    pointer += '/';
    pointer += gitops::EscapePointerToken(*it);
  }
  return pointer.empty() ? "the top level" : pointer;
}

std::string_view Utf8Of(PyObject* str) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(str, &size);
  if (data == nullptr) {
    // A lone surrogate: not representable in UTF-8.
    PyErr_Clear();
    throw ConversionError{Code::kInvalidArgument, "string is not valid Unicode", {}};
  }
  return std::string_view(data, static_cast<size_t>(size));
}

// Integers outside 64 bits become doubles, as go-yaml (and so kustomize)
// reads such a literal: 18446744073709551616 is the float 1.8446744073709552e+19.
Value IntFromPython(PyObject* o) {
  int overflow = 0;
  long long i = PyLong_AsLongLongAndOverflow(o, &overflow);
  if (overflow == 0) {
    if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
    return Value(i);
  }
  if (overflow > 0) {
    unsigned long long u = PyLong_AsUnsignedLongLong(o);
    if (!PyErr_Occurred()) return Value(u);
    PyErr_Clear();
  }
  double d = PyLong_AsDouble(o);
  if (d == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw ConversionError{Code::kInvalidArgument, "integer is too large for a double", {}};
  }
  return Value(d);
}

// No Python code runs during the conversion (only type checks and C API
// reads of built-in types), so a dict cannot change while it is iterated.
Value FromPython(PyObject* o, int depth) {
  if (o == Py_None) return Value();
  // bool is a subclass of int: test it first.
  if (PyBool_Check(o)) return Value(o == Py_True);
  if (PyLong_Check(o)) return IntFromPython(o);
  if (PyFloat_Check(o)) return Value(PyFloat_AS_DOUBLE(o));
  if (PyUnicode_Check(o)) return Value(Utf8Of(o));
  const bool is_dict = PyDict_Check(o);
  const bool is_list = PyList_Check(o);
  if (!is_dict && !is_list && !PyTuple_Check(o)) {
    throw ConversionError{Code::kInvalidArgument,
                          std::string("cannot convert a '") + Py_TYPE(o)->tp_name +
                              "' (use dict, list, tuple, str, int, float, bool or None)",
                          {}};
  }
  if (depth >= kMaxConvertDepth) {
    throw ConversionError{Code::kLimitExceeded,
                          "nested deeper than " + std::to_string(kMaxConvertDepth) +
                              " lists and dicts (does one contain itself?)",
                          {}};
  }
  if (is_dict) {
    Value v = Value::Object();
    v.Reserve(static_cast<size_t>(PyDict_Size(o)));
    Py_ssize_t pos = 0;
    PyObject* key = nullptr;
    PyObject* item = nullptr;
    while (PyDict_Next(o, &pos, &key, &item)) {
      if (!PyUnicode_Check(key)) {
        throw ConversionError{
            Code::kInvalidArgument,
            std::string("dict keys must be str, not '") + Py_TYPE(key)->tp_name + "'",
            {}};
      }
      std::string_view k = Utf8Of(key);
      try {
        // A dict of str keys cannot repeat one, so the unchecked append is
        // safe; a str subclass may compare otherwise, and is set (the last
        // one wins, as in the JSON reader).
        if (PyUnicode_CheckExact(key)) {
          v.AppendMember(k, FromPython(item, depth + 1));
        } else {
          v.Set(k, FromPython(item, depth + 1));
        }
      } catch (ConversionError& e) {
        e.reversed_tokens.emplace_back(k);
        throw;
      }
    }
    return v;
  }
  const Py_ssize_t n = is_list ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o);
  Value v = Value::Array();
  v.Reserve(static_cast<size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = is_list ? PyList_GET_ITEM(o, i) : PyTuple_GET_ITEM(o, i);
    try {
      v.Append(FromPython(item, depth + 1));
    } catch (ConversionError& e) {
      e.reversed_tokens.push_back(std::to_string(i));
      throw;
    }
  }
  return v;
}

// Converts or throws StatusException naming where the bad value sits.

}  // namespace

Value ToValue(py::handle obj, std::string_view context) {
  try {
    return FromPython(obj.ptr(), 0);
  } catch (const ConversionError& e) {
    Throw(Status(e.code, e.reason + " at " + std::string(context) + PointerOf(e)));
  }
}


// ---------------------------------------------------------------------------
// Value -> Python

py::object Steal(PyObject* o) {
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

PyObject* NewStr(std::string_view s) {
  return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
}

py::object ToPython(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
      return py::none();
    case Value::Type::kBool:
      return py::bool_(v.as_bool());
    case Value::Type::kInt:
      return Steal(PyLong_FromLongLong(v.as_int()));
    case Value::Type::kUint:
      return Steal(PyLong_FromUnsignedLongLong(v.as_uint()));
    case Value::Type::kDouble:
      return Steal(PyFloat_FromDouble(v.as_double()));
    case Value::Type::kString:
      return Steal(NewStr(v.as_string()));
    case Value::Type::kArray: {
      auto items = v.items();
      py::object list = Steal(PyList_New(static_cast<Py_ssize_t>(items.size())));
      for (size_t i = 0; i < items.size(); ++i) {
        PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), ToPython(items[i]).release().ptr());
      }
      return list;
    }
    case Value::Type::kObject: {
      py::object dict = Steal(PyDict_New());
      for (const Value::Member& m : v.members()) {
        py::object key = Steal(NewStr(m.key()));
        py::object item = ToPython(m.value());
        if (PyDict_SetItem(dict.ptr(), key.ptr(), item.ptr()) != 0) throw py::error_already_set();
      }
      return dict;
    }
  }
  Throw(gitops::InternalError("a Value of unknown type"));
}


// A view of a str (its cached UTF-8 form) or bytes argument; valid while the
// argument lives.
std::string_view TextOf(const py::object& text) {
  PyObject* o = text.ptr();
  if (PyUnicode_Check(o)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data == nullptr) throw py::error_already_set();
    return std::string_view(data, static_cast<size_t>(size));
  }
  if (PyBytes_Check(o)) {
    return std::string_view(PyBytes_AS_STRING(o), static_cast<size_t>(PyBytes_GET_SIZE(o)));
  }
  throw py::type_error(std::string("text must be str or bytes, not '") + Py_TYPE(o)->tp_name + "'");
}

}  // namespace gitops_python

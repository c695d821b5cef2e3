"""The gitops.Error hierarchy: one class per code of gitops::Code (status.h)."""
import pickle

import pytest

import gitops

# gitops::Code's names (CodeName), and the class Python raises for each.
CODES = {
    "InvalidArgument": gitops.InvalidArgumentError,
    "ParseError": gitops.ParseError,
    "NotFound": gitops.NotFoundError,
    "AlreadyExists": gitops.AlreadyExistsError,
    "Conflict": gitops.ConflictError,
    "FailedPrecondition": gitops.FailedPreconditionError,
    "LimitExceeded": gitops.LimitExceededError,
    "PermissionDenied": gitops.PermissionDeniedError,
    "Unavailable": gitops.UnavailableError,
    "Timeout": gitops.TimeoutError,
    "Cancelled": gitops.CancelledError,
    "Unimplemented": gitops.UnimplementedError,
    "Internal": gitops.InternalError,
}


@pytest.mark.parametrize("code, cls", CODES.items())
def test_one_class_per_code(code, cls):
    assert issubclass(cls, gitops.Error) and issubclass(cls, Exception)
    assert cls.code == code


def test_parse_errors_split_by_format():
    assert issubclass(gitops.YAMLError, gitops.ParseError)
    assert issubclass(gitops.JSONError, gitops.ParseError)
    assert gitops.YAMLError.code == gitops.JSONError.code == "ParseError"


def test_error_carries_its_parts_and_prints_like_status_to_string():
    error = gitops.YAMLError("bad thing", "x.yaml", 3, 7)
    assert (error.message, error.file, error.line, error.column) == ("bad thing", "x.yaml", 3, 7)
    assert str(error) == "x.yaml:3:7: bad thing"
    assert str(gitops.NotFoundError("gone")) == "gone"
    assert str(gitops.ParseError("m", "", 2, 0)) == "2: m"


def test_errors_pickle():
    error = pickle.loads(pickle.dumps(gitops.YAMLError("bad", "x.yaml", 3, 7)))
    assert type(error) is gitops.YAMLError and str(error) == "x.yaml:3:7: bad"


def test_the_internal_exception_does_not_leak():
    with pytest.raises(gitops.YAMLError) as info:
        gitops.load_yaml("a: [")
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert type(info.value).__module__ == "gitops"


def test_configure_logging_checks_the_level():
    gitops.configure_logging("error")
    gitops.configure_logging("warn", json=False)
    with pytest.raises(gitops.InvalidArgumentError, match="loud"):
        gitops.configure_logging("loud")

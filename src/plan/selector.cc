// apimachinery's pkg/labels/selector.go (Lexer, Parser, Requirement.Matches)
// in C++.
#include "selector.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace gitops::plan::internal {

namespace {

enum class Tok {
  kEnd,
  kError,
  kClosedPar,
  kComma,
  kNot,  // !
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

struct Token {
  Tok tok;
  std::string literal;
};

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsSpecial(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

Tok SymbolToken(std::string_view s) {
  if (s == ")") return Tok::kClosedPar;
  if (s == ",") return Tok::kComma;
  if (s == "!") return Tok::kNot;
  if (s == "==") return Tok::kDoubleEquals;
  if (s == "=") return Tok::kEquals;
  if (s == ">") return Tok::kGreaterThan;
  if (s == "<") return Tok::kLessThan;
  if (s == "!=") return Tok::kNotEquals;
  if (s == "(") return Tok::kOpenPar;
  return Tok::kError;
}

// The Lexer: identifiers run to whitespace or a special symbol; a run of
// special symbols is cut at its longest known prefix.
std::vector<Token> Scan(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (true) {
    while (i < s.size() && IsWhitespace(s[i])) ++i;
    if (i == s.size()) {
      out.push_back({Tok::kEnd, ""});
      return out;
    }
    if (IsSpecial(s[i])) {
      size_t start = i;
      Tok last = Tok::kError;
      size_t last_end = i;
      while (i < s.size() && IsSpecial(s[i])) {
        ++i;
        Tok t = SymbolToken(s.substr(start, i - start));
        if (t != Tok::kError) {
          last = t;
          last_end = i;
        } else if (last != Tok::kError) {
          break;
        }
      }
      if (last == Tok::kError) {
        out.push_back({Tok::kError, std::string(s.substr(start, i - start))});
        out.push_back({Tok::kEnd, ""});
        return out;
      }
      i = last_end;
      out.push_back({last, std::string(s.substr(start, last_end - start))});
      continue;
    }
    size_t start = i;
    while (i < s.size() && !IsSpecial(s[i]) && !IsWhitespace(s[i])) ++i;
    std::string word(s.substr(start, i - start));
    Tok t = word == "in" ? Tok::kIn : word == "notin" ? Tok::kNotIn : Tok::kIdentifier;
    out.push_back({t, std::move(word)});
  }
}

}  // namespace

Result<LabelSelector> LabelSelector::Parse(std::string_view text) {
  std::vector<Token> tokens = Scan(text);
  size_t pos = 0;
  // `in` and `notin` are identifiers where a value (or key) is expected.
  auto look = [&](bool values) {
    Token t = tokens[pos];
    if (values && (t.tok == Tok::kIn || t.tok == Tok::kNotIn)) t.tok = Tok::kIdentifier;
    return t;
  };
  auto take = [&](bool values) {
    Token t = look(values);
    if (pos + 1 < tokens.size()) ++pos;
    return t;
  };
  auto fail = [&](const std::string& what) {
    return InvalidArgumentError("selector \"" + std::string(text) + "\": " + what);
  };
  auto found = [](const Token& t) { return t.literal; };
  LabelSelector out;
  while (true) {
    Token first = look(true);
    if (first.tok == Tok::kEnd) break;
    if (first.tok != Tok::kIdentifier && first.tok != Tok::kNot) {
      return fail("found '" + found(first) + "', expected: !, identifier, or 'end of string'");
    }
    Requirement r;
    bool negated = false;
    Token key = take(true);
    if (key.tok == Tok::kNot) {
      negated = true;
      key = take(true);
    }
    if (key.tok != Tok::kIdentifier) {
      return fail("found '" + found(key) + "', expected: identifier");
    }
    r.key = key.literal;
    Token next = look(true);
    if (negated) {
      // `!key` takes no operator; what follows must end the requirement.
      r.op = Op::kDoesNotExist;
    } else if (next.tok == Tok::kEnd || next.tok == Tok::kComma) {
      r.op = Op::kExists;
    } else {
      Token op = take(false);
      switch (op.tok) {
        case Tok::kIn:
        case Tok::kNotIn: {
          r.op = op.tok == Tok::kIn ? Op::kIn : Op::kNotIn;
          Token open = take(true);
          if (open.tok != Tok::kOpenPar) return fail("found '" + found(open) + "' expected: '('");
          // A (possibly empty) list of (possibly empty) values.
          bool expect_value = true;
          while (true) {
            Token t = take(true);
            if (t.tok == Tok::kIdentifier && expect_value) {
              r.values.push_back(t.literal);
              expect_value = false;
            } else if (t.tok == Tok::kComma) {
              if (expect_value) r.values.emplace_back();
              expect_value = true;
            } else if (t.tok == Tok::kClosedPar) {
              if (expect_value) r.values.emplace_back();
              break;
            } else {
              return fail("found '" + found(t) + "', expected: ',', ')' or identifier");
            }
          }
          break;
        }
        case Tok::kEquals:
        case Tok::kDoubleEquals:
        case Tok::kNotEquals:
        case Tok::kGreaterThan:
        case Tok::kLessThan: {
          std::string value;
          Token v = look(true);
          if (v.tok != Tok::kEnd && v.tok != Tok::kComma) {
            v = take(true);
            if (v.tok != Tok::kIdentifier) {
              return fail("found '" + found(v) + "', expected: identifier");
            }
            value = v.literal;
          }
          if (op.tok == Tok::kGreaterThan || op.tok == Tok::kLessThan) {
            r.op = op.tok == Tok::kGreaterThan ? Op::kGreaterThan : Op::kLessThan;
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), r.bound);
            if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
              return fail("for 'Gt', 'Lt' operators, the value must be an integer, not \"" + value +
                          "\"");
            }
          } else {
            r.op = op.tok == Tok::kNotEquals ? Op::kNotIn : Op::kIn;
            r.values.push_back(std::move(value));
          }
          break;
        }
        default:
          return fail("found '" + found(op) + "', expected: '=', '!=', '==', 'in', notin'");
      }
    }
    out.requirements_.push_back(std::move(r));
    Token sep = take(true);
    if (sep.tok == Tok::kEnd) break;
    if (sep.tok != Tok::kComma) {
      return fail("found '" + found(sep) + "', expected: ',' or 'end of string'");
    }
    Token after = look(true);
    if (after.tok != Tok::kIdentifier && after.tok != Tok::kNot) {
      return fail("found '" + found(after) + "', expected: identifier after ','");
    }
  }
  return out;
}

bool LabelSelector::Matches(const Value* map) const {
  auto get = [&](std::string_view key) -> const Value* {
    return map != nullptr && map->is_object() ? map->Find(key) : nullptr;
  };
  for (const Requirement& r : requirements_) {
    const Value* v = get(r.key);
    std::string_view value = v != nullptr && v->is_string() ? v->as_string() : std::string_view();
    bool in = v != nullptr && std::find(r.values.begin(), r.values.end(), value) != r.values.end();
    bool ok = true;
    switch (r.op) {
      case Op::kExists:
        ok = v != nullptr;
        break;
      case Op::kDoesNotExist:
        ok = v == nullptr;
        break;
      case Op::kIn:
        ok = in;
        break;
      case Op::kNotIn:
        ok = !in;
        break;
      case Op::kGreaterThan:
      case Op::kLessThan: {
        long long n = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        ok = v != nullptr && ec == std::errc() && end == value.data() + value.size() &&
             !value.empty() && (r.op == Op::kGreaterThan ? n > r.bound : n < r.bound);
        break;
      }
    }
    if (!ok) return false;
  }
  return true;
}

Status CheckSelector(std::string_view selector) {
  Result<LabelSelector> parsed = LabelSelector::Parse(selector);
  return parsed.ok() ? OkStatus() : parsed.status();
}

bool MatchesSelector(std::string_view selector, const Value* map) {
  Result<LabelSelector> parsed = LabelSelector::Parse(selector);
  return parsed.ok() && parsed->Matches(map);
}

}  // namespace gitops::plan::internal

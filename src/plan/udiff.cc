#include "udiff.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace gitops::plan::internal {

namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

enum class Op { kKeep, kDelete, kInsert };

// Myers' greedy algorithm with the trace kept for the backtrack; the common
// prefix and suffix are taken off first, so the trace covers only the
// changed middle (a one-line change in a large object costs O(N)).
std::vector<Op> EditScript(const std::vector<std::string_view>& a,
                           const std::vector<std::string_view>& b) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const long n = static_cast<long>(a.size() - prefix - suffix);
  const long m = static_cast<long>(b.size() - prefix - suffix);
  auto A = [&](long i) { return a[prefix + static_cast<size_t>(i)]; };
  auto B = [&](long j) { return b[prefix + static_cast<size_t>(j)]; };
  const long max = n + m;
  const long offset = max + 1;
  std::vector<long> v(static_cast<size_t>(2 * max + 3), 0);
  // trace[d]: v for k in [-d, d] as step d found it (O(D^2) memory).
  std::vector<std::vector<long>> trace;
  long found_d = 0;
  for (long d = 0; d <= max; ++d) {
    trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
    bool done = false;
    for (long k = -d; k <= d; k += 2) {
      long x;
      if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
        x = v[offset + k + 1];
      } else {
        x = v[offset + k - 1] + 1;
      }
      long y = x - k;
      while (x < n && y < m && A(x) == B(y)) {
        ++x;
        ++y;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    if (done) {
      found_d = d;
      break;
    }
  }
  // Backtrack.
  std::vector<Op> middle;
  long x = n, y = m;
  for (long d = found_d; d > 0; --d) {
    const std::vector<long>& trace_d = trace[static_cast<size_t>(d)];
    auto pv = [&](long k) { return trace_d[static_cast<size_t>(k + d)]; };
    long k = x - y;
    long prev_k;
    if (k == -d || (k != d && pv(k - 1) < pv(k + 1))) {
      prev_k = k + 1;
    } else {
      prev_k = k - 1;
    }
    long prev_x = pv(prev_k);
    long prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      middle.push_back(Op::kKeep);
      --x;
      --y;
    }
    middle.push_back(x == prev_x ? Op::kInsert : Op::kDelete);
    x = prev_x;
    y = prev_y;
  }
  while (x > 0 && y > 0) {
    middle.push_back(Op::kKeep);
    --x;
    --y;
  }
  std::reverse(middle.begin(), middle.end());
  std::vector<Op> ops(prefix, Op::kKeep);
  ops.insert(ops.end(), middle.begin(), middle.end());
  ops.insert(ops.end(), suffix, Op::kKeep);
  return ops;
}

// diff -u's range: "start,count", "start" for one line, start one before
// the hunk (0 if the file is empty) for none.
std::string Range(size_t start, size_t count) {
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

}  // namespace

std::string UnifiedDiff(std::string_view from, std::string_view to, std::string_view from_name,
                        std::string_view to_name, int context) {
  if (from == to) return "";
  std::vector<std::string_view> a = Lines(from), b = Lines(to);
  std::vector<Op> ops = EditScript(a, b);
  std::string out;
  out.append("--- ").append(from_name).append("\n");
  out.append("+++ ").append(to_name).append("\n");
  const size_t ctx = static_cast<size_t>(context);
  size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == Op::kKeep) {
      ++i;
      continue;
    }
    // A hunk: from `ctx` lines before this change to `ctx` lines after the
    // last change that is within 2 * ctx of the previous one.
    size_t start = i >= ctx ? i - ctx : 0;
    size_t end = i;
    while (end < ops.size()) {
      if (ops[end] != Op::kKeep) {
        ++end;
        continue;
      }
      size_t run = end;
      while (run < ops.size() && ops[run] == Op::kKeep) ++run;
      if (run == ops.size() || run - end > 2 * ctx) {
        end = std::min(ops.size(), end + ctx);
        break;
      }
      end = run;
    }
    // Line numbers at `start`.
    size_t ai = 0, bi = 0;
    for (size_t j = 0; j < start; ++j) {
      if (ops[j] != Op::kInsert) ++ai;
      if (ops[j] != Op::kDelete) ++bi;
    }
    size_t acount = 0, bcount = 0;
    for (size_t j = start; j < end; ++j) {
      if (ops[j] != Op::kInsert) ++acount;
      if (ops[j] != Op::kDelete) ++bcount;
    }
    out.append("@@ -").append(Range(ai, acount)).append(" +").append(Range(bi, bcount));
    out.append(" @@\n");
    for (size_t j = start; j < end; ++j) {
      switch (ops[j]) {
        case Op::kKeep:
          out.append(" ").append(a[ai++]).append("\n");
          ++bi;
          break;
        case Op::kDelete:
          out.append("-").append(a[ai++]).append("\n");
          break;
        case Op::kInsert:
          out.append("+").append(b[bi++]).append("\n");
          break;
      }
    }
    i = end;
  }
  return out;
}

}  // namespace gitops::plan::internal

#include "udiff.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

// The number of line feeds in `text`, eight bytes at a time.
size_t CountLines(std::string_view text) {
  constexpr uint64_t kFeeds = 0x0A0A0A0A0A0A0A0AULL, kLow = 0x7F7F7F7F7F7F7F7FULL,
                     kHigh = 0x8080808080808080ULL;
  size_t n = 0, i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const uint64_t x = w ^ kFeeds;  // a zero byte for each line feed
    const uint64_t nonzero = (((x & kLow) + kLow) | x) & kHigh;
    // Its high bits counted by a multiply (__builtin_popcountll is a libgcc
    // call without -mpopcnt): one 0 or 1 per byte, summed into the top byte.
    n += 8 - static_cast<size_t>(((nonzero >> 7) * 0x0101010101010101ULL) >> 56);
  }
  for (; i < text.size(); ++i) n += text[i] == '\n';
  return n;
}

// The length of the longest common prefix (forward) or suffix (backward)
// of `a` and `b`, eight bytes at a time.
size_t CommonBytes(std::string_view a, std::string_view b, bool forward) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i + 8 <= n) {
    uint64_t x, y;
    std::memcpy(&x, forward ? a.data() + i : a.data() + a.size() - i - 8, 8);
    std::memcpy(&y, forward ? b.data() + i : b.data() + b.size() - i - 8, 8);
    if (x != y) break;
    i += 8;
  }
  while (i < n && (forward ? a[i] == b[i] : a[a.size() - 1 - i] == b[b.size() - 1 - i])) ++i;
  return i;
}

// The byte where the line before the one starting at `pos` starts.
size_t LineBefore(std::string_view text, size_t pos) {
  size_t nl = pos >= 2 ? text.rfind('\n', pos - 2) : std::string_view::npos;
  return nl == std::string_view::npos ? 0 : nl + 1;
}

// The lines the diff of two texts needs (diff's view of them, cut down):
// EditScript takes the common first and last lines off and never looks at
// them again, and the hunks show at most `context` of them around the
// changes. So for two texts that end in a line feed, only the changed
// middle and `context` lines either side are split into lines; `skipped`
// is the number of common lines before them (the same on both sides).
// The edit script of the parts is the full one without the lines cut.
void DiffLines(std::string_view from, std::string_view to, size_t context,
               std::vector<std::string_view>* a, std::vector<std::string_view>* b,
               size_t* skipped) {
  *skipped = 0;
  if (from.empty() || to.empty() || from.back() != '\n' || to.back() != '\n') {
    *a = Lines(from);
    *b = Lines(to);
    return;
  }
  // The common first lines: those ending before the first differing byte.
  const size_t p = CommonBytes(from, to, true);
  const size_t prefix = CountLines(from.substr(0, p));
  const size_t prefix_end = prefix == 0 ? 0 : from.rfind('\n', p - 1) + 1;
  // The common last lines: those starting inside the common last bytes on
  // a line start of both texts (a byte of `from` at i is one of `to` at
  // i - shift), after the common first lines on both sides (as EditScript
  // bounds them). `tail`: where the first of them starts in `from`.
  const size_t e = CommonBytes(from, to, false);
  const size_t fa = from.size() - e, fb = to.size() - e;
  size_t tail = from.size();
  if (e > 0) {
    const bool starts = (fa == 0 || from[fa - 1] == '\n') && (fb == 0 || to[fb - 1] == '\n');
    tail = starts ? fa : from.find('\n', fa) + 1;
  }
  tail = std::max(tail, prefix_end);
  if (prefix_end + fa >= fb) tail = std::max(tail, prefix_end + fa - fb);
  // The kept common lines: up to `context` before the middle and after it.
  size_t before = std::min(prefix, context);
  size_t begin = prefix_end;
  for (size_t i = 0; i < before; ++i) begin = LineBefore(from, begin);
  size_t end = tail;
  for (size_t i = 0; i < context && end < from.size(); ++i) end = from.find('\n', end) + 1;
  *a = Lines(from.substr(begin, end - begin));
  *b = Lines(to.substr(begin, end + fb - fa - begin));
  *skipped = prefix - before;
}

}  // namespace

std::string UnifiedDiff(std::string_view from, std::string_view to, std::string_view from_name,
                        std::string_view to_name, int context) {
  if (from == to) return "";
  std::vector<std::string_view> a, b;
  size_t skipped = 0;
  DiffLines(from, to, static_cast<size_t>(context), &a, &b, &skipped);
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
    // Line numbers at `start` (in a and b; `skipped` lines before them).
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
    out.append("@@ -").append(Range(skipped + ai, acount));
    out.append(" +").append(Range(skipped + bi, bcount));
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

// SPDX-License-Identifier: Apache-2.0
// String comparators on skeletons: Jaro–Winkler, Damerau–Levenshtein (optimal string
// alignment) and a one-to-one token alignment for names in any order.
#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "text/text.h"

namespace nansen::text {

double jaro_winkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  // Names are short; a fixed stack buffer avoids allocation in the hot loop.
  constexpr std::size_t kStack = 64;
  bool a_stack[kStack] = {}, b_stack[kStack] = {};
  std::vector<char> a_heap, b_heap;
  bool* am = a_stack;
  bool* bm = b_stack;
  if (a.size() > kStack || b.size() > kStack) {
    a_heap.assign(a.size(), 0);
    b_heap.assign(b.size(), 0);
    am = reinterpret_cast<bool*>(a_heap.data());
    bm = reinterpret_cast<bool*>(b_heap.data());
  }
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(i + window + 1, b.size());
    for (std::size_t j = lo; j < hi; ++j) {
      if (bm[j] || a[i] != b[j]) continue;
      am[i] = bm[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!am[i]) continue;
    while (!bm[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / a.size() + m / b.size() + (m - transpositions / 2.0) / m) / 3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

int damerau_levenshtein(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rows; on the stack for names (the matcher calls this for every candidate pair
  // whose Jaro–Winkler passes), on the heap for anything longer.
  constexpr std::size_t kStackRow = 64;
  std::array<int, 3 * kStackRow> stack{};
  std::vector<int> heap;
  std::span<int> rows(stack);
  if (m + 1 > kStackRow) {
    heap.resize(3 * (m + 1));
    rows = heap;
  }
  std::span<int> prev2 = rows.subspan(0, m + 1), prev = rows.subspan(m + 1, m + 1),
                 cur = rows.subspan(2 * (m + 1), m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

double token_set_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0.0;
  const auto& shorter = a.size() <= b.size() ? a : b;
  const auto& longer = a.size() <= b.size() ? b : a;
  // Greedy one-to-one alignment by descending similarity: exact for the 2–4 tokens of
  // a name in all but contrived cases, and linear in practice.
  struct Cell {
    double sim;
    std::size_t i, j;
  };
  std::vector<Cell> cells;
  cells.reserve(shorter.size() * longer.size());
  for (std::size_t i = 0; i < shorter.size(); ++i)
    for (std::size_t j = 0; j < longer.size(); ++j)
      cells.push_back({jaro_winkler(shorter[i], longer[j]), i, j});
  std::sort(cells.begin(), cells.end(), [](const Cell& x, const Cell& y) { return x.sim > y.sim; });
  std::vector<bool> used_i(shorter.size()), used_j(longer.size());
  double total = 0;
  std::size_t paired = 0;
  for (const Cell& c : cells) {
    if (used_i[c.i] || used_j[c.j]) continue;
    used_i[c.i] = used_j[c.j] = true;
    total += c.sim;
    if (++paired == shorter.size()) break;
  }
  const double unmatched = static_cast<double>(longer.size() - shorter.size());
  return (total / static_cast<double>(shorter.size())) * std::max(0.0, 1.0 - 0.05 * unmatched);
}

}  // namespace nansen::text

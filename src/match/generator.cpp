// SPDX-License-Identifier: Apache-2.0
// Synthetic Central Asian population with ground truth. A person is drawn once (names in
// Cyrillic as registered), then written 2–5 times the way different offices write them:
// another script or transliteration scheme, another order, with or without the
// patronymic, de-Russified surname, typos, OCR confusions and vague birth dates.
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "match/match.h"
#include "match/name_tails.h"
#include "text/text.h"

namespace nansen::match {
namespace {

using text::NameInventory;
using text::Scheme;
using text::Sex;

struct Person {
  std::int64_t id = 0;
  std::string country;
  const NameInventory* names = nullptr;
  Sex sex = Sex::kMale;
  std::string given;        // Cyrillic
  std::string father;       // Cyrillic given name of the father
  std::string family_root;  // Cyrillic
  CivilDate birth;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool ends_with_vowel(std::string_view s) {
  for (std::string_view v : {"а", "е", "о", "у", "ы", "и", "я", "ә", "ө", "ұ", "ү", "і", "ӯ", "ӣ"})
    if (ends_with(s, v)) return true;
  return false;
}

std::string drop_last_letter(std::string_view s) {
  std::size_t i = s.size();
  do --i;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80);
  return std::string(s.substr(0, i));
}

// Russified surname in the person's sex.
std::string russified(const std::string& root, Sex sex) {
  std::string masc = root;
  // Сәрсенбай → Сәрсенбаев, as registers write it (not Сәрсенбайов).
  if (ends_with(root, "й") && !ends_with(root, "ий"))
    masc = drop_last_letter(root) + "ев";
  else if (!(ends_with(root, "ов") || ends_with(root, "ев") || ends_with(root, "ёв") ||
             ends_with(root, "ин") || ends_with(root, "ий")))
    masc = root + (ends_with_vowel(root) ? "ев" : "ов");
  if (sex == Sex::kMale) return masc;
  if (ends_with(masc, "ий")) return drop_last_letter(drop_last_letter(masc)) + "ая";
  return masc + "а";
}

// The surname without Russian endings, as offices that de-Russify write it.
std::string derussified(const Person& p) {
  std::string root = p.family_root;
  for (std::string_view e : {"ов", "ев"})
    if (ends_with(root, e) && root.size() > 6) root = root.substr(0, root.size() - e.size());
  if (p.country == "KAZ") return root + (p.sex == Sex::kMale ? "ұлы" : "қызы");
  if (p.country == "TJK") return root + (p.sex == Sex::kMale ? "" : "");
  return root;
}

std::string patronymic_of(const Person& p, bool local_form) {
  if (local_form) {
    const bool m = p.sex == Sex::kMale;
    if (p.country == "KAZ") return p.father + (m ? "ұлы" : "қызы");
    if (p.country == "KGZ") return p.father + (m ? " уулу" : " кызы");
    if (p.country == "UZB") return p.father + (m ? " ўғли" : " қизи");
  }
  std::string base = p.father;
  if (ends_with(base, "й"))
    base = drop_last_letter(base) + "ев";
  else if (ends_with_vowel(base))
    base += "ев";
  else
    base += "ов";
  return base + (p.sex == Sex::kMale ? "ич" : "на");
}

class Generator {
 public:
  explicit Generator(const PopulationOptions& o) : opt_(o), rng_(o.seed) {
    for (const NameInventory& inv : text::regional_names())
      by_country_[std::string(inv.country)] = &inv;
  }

  std::vector<SyntheticRecord> run() {
    std::vector<SyntheticRecord> out;
    out.reserve(opt_.records + 8);
    while (out.size() < opt_.records) {
      Person p = new_person();
      emit(p, out);
      if (chance(opt_.hard_negative_rate) && out.size() < opt_.records) {
        Person q = relative_of(p);
        emit(q, out);
      }
    }
    out.resize(opt_.records);
    return out;
  }

 private:
  double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  bool chance(double p) { return uniform() < p; }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  // Skewed choice: the head of each list is more common (names are Zipfian). With lists
  // of 20–35 names, u^1.3 gives the first name about 7 % — the share Nurlan or Aigul
  // have in Kazakhstan; a steeper skew would make the lists' heads implausibly common.
  template <typename T>
  const T& skewed(const std::vector<T>& v) {
    const double u = std::pow(uniform(), 1.3);
    return v[std::min(v.size() - 1, static_cast<std::size_t>(u * static_cast<double>(v.size())))];
  }

  std::string pick_country() {
    const double u = uniform();
    if (u < 0.35) return "KAZ";
    if (u < 0.60) return "UZB";
    if (u < 0.75) return "KGZ";
    if (u < 0.90) return "TJK";
    return "TKM";
  }

  CivilDate random_birth() {
    const int year = between(1940, 2015);
    const int month = between(1, 12);
    return CivilDate{year, month, between(1, days_in_month(year, month)), DatePrecision::kDay};
  }

  Person new_person() {
    Person p;
    p.id = ++next_person_;
    p.country = pick_country();
    // Some citizens of every country carry Russian names.
    p.names = chance(0.1) ? by_country_.at("RUS") : by_country_.at(p.country);
    p.sex = chance(0.5) ? Sex::kMale : Sex::kFemale;
    p.given = given_for(*p.names, p.sex);
    p.father = given_for(*p.names, Sex::kMale);
    p.family_root = family_root_for(*p.names);
    p.birth = random_birth();
    return p;
  }

  template <typename T>
  const T& any_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(between(0, static_cast<int>(v.size()) - 1))];
  }

  // A given name as a register of a million people holds them: half from the country's
  // common head list (skewed: Nurlan and Aigul are frequent), half from the long tail of
  // compounds (Нұр+бол, Ай+сұлу) or, for Russian names, less common whole names. With the
  // head alone, a million records would share some 200 names and namesakes born in the
  // same year would be far more common than in any real register.
  std::string given_for(const NameInventory& names, Sex sex) {
    const NameTail& tail = name_tail(names.country);
    const bool male = sex == Sex::kMale;
    const auto& first = male ? tail.male_first : tail.female_first;
    const auto& second = male ? tail.male_second : tail.female_second;
    const auto& whole = male ? tail.male_given : tail.female_given;
    if (!first.empty() && !second.empty() && chance(0.5))
      return std::string(skewed(first)) + std::string(skewed(second));
    if (!whole.empty() && chance(0.4)) return std::string(any_of(whole));
    return std::string(skewed(male ? names.male_given : names.female_given));
  }

  // Most Central Asian surnames are a forefather's given name, often with -бай / -бек
  // (Серікбаев, Нұрланбеков): draw from the surname roots and from male given names
  // (head and tail), with those suffixes, so the vocabulary is as wide as a real
  // register's. Russian surnames come from the head list and a longer tail.
  std::string family_root_for(const NameInventory& names) {
    const NameTail& tail = name_tail(names.country);
    if (names.country == "RUS")
      return std::string(chance(0.4) || tail.surnames.empty() ? skewed(names.surname_roots)
                                                              : any_of(tail.surnames));
    if (chance(0.3)) return std::string(skewed(names.surname_roots));
    std::string root = given_for(names, Sex::kMale);
    const double u = uniform();
    if (ends_with(root, "бек") || ends_with(root, "бай") || ends_with_vowel(root)) return root;
    if (u < 0.2) return root + "бай";
    if (u < 0.35) return root + "бек";
    return root;
  }

  // Hard negatives: a sibling (same family and father), a twin (and same birth date),
  // or a namesake (same given and family names, another father and date).
  Person relative_of(const Person& p) {
    Person q = p;
    q.id = ++next_person_;
    const double u = uniform();
    if (u < 0.4) {
      q.sex = chance(0.5) ? Sex::kMale : Sex::kFemale;
      q.given = pick_other_given(q);
      q.birth = add_days(CivilDate{p.birth.year, p.birth.month, p.birth.day}, between(400, 4000));
      if (q.birth.year > 2020) q.birth.year = 2020;
      if (q.birth.day > days_in_month(q.birth.year, q.birth.month)) q.birth.day = 1;
    } else if (u < 0.7) {
      q.sex = chance(0.5) ? Sex::kMale : Sex::kFemale;
      q.given = pick_other_given(q);
    } else {
      q.father = given_for(*p.names, Sex::kMale);
      q.birth = random_birth();
    }
    return q;
  }

  std::string pick_other_given(const Person& q) {
    const auto& list = q.sex == Sex::kMale ? q.names->male_given : q.names->female_given;
    for (int tries = 0; tries < 10; ++tries) {
      std::string g = given_for(*q.names, q.sex);
      if (g != q.given) return g;
    }
    return std::string(list.front()) == q.given ? std::string(list.back())
                                                : std::string(list.front());
  }

  std::string pick_script(const Person& p) {
    const double u = uniform();
    if (u < 0.38) return "cyrillic";
    if (u < 0.58) return "icao";
    if (u < 0.68) return "bgn";
    if (u < 0.78) return "mrz";
    if (p.country == "KAZ") return u < 0.86 ? "kk2021" : u < 0.93 ? "kk2018" : "kk2017";
    if (p.country == "UZB") return "uz";
    if (p.country == "TJK") return "tj";
    if (p.country == "TKM") return "tk";
    return "icao";
  }

  std::string render(const std::string& cyrillic, const std::string& script) {
    if (script == "cyrillic" || cyrillic.empty()) return cyrillic;
    const auto scheme = text::parse_scheme(script == "mrz" ? "icao" : script);
    auto latin = text::transliterate(cyrillic, scheme.value_or(Scheme::kIcao9303));
    return latin ? *latin : cyrillic;
  }

  // One keyboard or OCR slip in a name: delete, double, swap, or confuse letters.
  std::string corrupt(std::string s) {
    if (s.size() < 4) return s;
    auto ascii_pos = [&]() -> std::size_t {
      for (int tries = 0; tries < 8; ++tries) {
        const std::size_t i = static_cast<std::size_t>(between(1, static_cast<int>(s.size()) - 2));
        if (static_cast<unsigned char>(s[i]) < 0x80 &&
            static_cast<unsigned char>(s[i + 1]) < 0x80 &&
            std::isalpha(static_cast<unsigned char>(s[i])))
          return i;
      }
      return std::string::npos;
    };
    const double u = uniform();
    for (auto [from, to] : {std::pair{"е", "ё"}, std::pair{"и", "й"}, std::pair{"ш", "щ"},
                            std::pair{"а", "a"}, std::pair{"о", "o"}}) {
      // Cyrillic OCR and homoglyph slips (Latin a/o typed inside a Cyrillic word).
      if (u < 0.3) {
        const auto at = s.find(from);
        if (at != std::string::npos && at > 0)
          return s.replace(at, std::string_view(from).size(), to);
      }
    }
    const std::size_t i = ascii_pos();
    if (i == std::string::npos) return s;
    if (u < 0.4) return s.erase(i, 1);
    if (u < 0.55) return s.insert(i, 1, s[i]);
    if (u < 0.75) {
      std::swap(s[i], s[i + 1]);
      return s;
    }
    if (u < 0.85 && (s[i] == 'm' || s[i] == 'M')) return s.replace(i, 1, s[i] == 'm' ? "rn" : "RN");
    static constexpr char kNear[] = "qwertyuiopasdfghjklzxcvbnm";
    const char c = kNear[between(0, 25)];
    s[i] = std::isupper(static_cast<unsigned char>(s[i])) ? static_cast<char>(std::toupper(c)) : c;
    return s;
  }

  std::optional<CivilDate> vague_birth(const CivilDate& b) {
    const double u = uniform();
    if (u < 0.68) return b;
    if (u < 0.76) return CivilDate{b.year, 0, 0, DatePrecision::kYear};
    if (u < 0.81) return CivilDate{b.year, b.month, 0, DatePrecision::kMonth};
    if (u < 0.86) return CivilDate{b.year, 1, 1, DatePrecision::kDay};
    if (u < 0.90 && b.day <= 12) return CivilDate{b.year, b.day, b.month, DatePrecision::kDay};
    if (u < 0.95) return add_days(b, chance(0.5) ? 1 : -1);
    if (u < 0.97) return CivilDate{b.year, 0, 0, DatePrecision::kYear, true};
    return std::nullopt;
  }

  void emit(const Person& p, std::vector<SyntheticRecord>& out) {
    const int n = between(opt_.min_records_per_person, opt_.max_records_per_person);
    for (int k = 0; k < n; ++k) {
      SyntheticRecord r;
      r.person_id = p.id;
      r.record_id = fmt::format("R{}", ++next_record_);  // not "R" + to_string: GCC 12 -Wrestrict
      r.country = p.country;
      r.sex = p.sex;
      r.script = pick_script(p);
      const bool local_patronymic = chance(0.5);
      const bool derussify = (p.country == "KAZ" || p.country == "TJK" || p.country == "UZB") &&
                             p.names != by_country_.at("RUS") && chance(0.15);
      const std::string family_cyr = derussify ? derussified(p) : russified(p.family_root, p.sex);
      const bool cyr = r.script == "cyrillic";
      const bool with_patronymic = r.script != "mrz" && chance(cyr ? 0.7 : 0.3);
      r.given_name = render(p.given, r.script);
      r.family_name = render(family_cyr, r.script);
      r.patronymic = with_patronymic ? render(patronymic_of(p, local_patronymic), r.script) : "";
      if (chance(opt_.typo_rate)) {
        if (chance(0.5))
          r.given_name = corrupt(r.given_name);
        else
          r.family_name = corrupt(r.family_name);
      }
      if (r.script == "mrz") {
        auto mrz = text::to_mrz_name(r.family_name, r.given_name);
        r.full_name = mrz ? *mrz : r.family_name + "<<" + r.given_name;
      } else {
        const bool family_first = chance(cyr ? 0.7 : 0.4);
        std::string name =
            family_first ? r.family_name + " " + r.given_name : r.given_name + " " + r.family_name;
        if (!r.patronymic.empty()) {
          name = family_first ? name + " " + r.patronymic
                              : r.given_name + " " + r.patronymic + " " + r.family_name;
        }
        r.full_name = name;
      }
      r.birth_date = vague_birth(p.birth);
      const double u = uniform();
      r.nationality = u < 0.7 ? p.country : u < 0.85 ? "XXA" : u < 0.95 ? "" : "RUS";
      out.push_back(std::move(r));
    }
  }

  PopulationOptions opt_;
  std::mt19937_64 rng_;
  std::unordered_map<std::string, const NameInventory*> by_country_;
  std::int64_t next_person_ = 0;
  std::int64_t next_record_ = 0;
};

}  // namespace

std::vector<SyntheticRecord> generate_population(const PopulationOptions& options) {
  PopulationOptions o = options;
  o.min_records_per_person = std::max(1, o.min_records_per_person);
  o.max_records_per_person = std::max(o.min_records_per_person, o.max_records_per_person);
  return Generator(o).run();
}

PersonRecord to_person_record(const SyntheticRecord& r) {
  PersonRecord p;
  p.record_id = r.record_id;
  p.full_name = r.full_name;
  p.birth_date = r.birth_date;
  p.sex = r.sex;
  p.nationality = r.nationality;
  return p;
}

}  // namespace nansen::match

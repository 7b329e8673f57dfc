// SPDX-License-Identifier: Apache-2.0
// match — finding one person among records written in different scripts and spellings.
//
// A record goes through text/ once (prepare), then:
//  - Index: an in-memory search index with blocking keys over compact posting lists;
//    top-k search by any spelling plus optional birth date, sex and nationality.
//  - Model: a Fellegi–Sunter model (m by EM, u by random sampling, term-frequency
//    adjustment for common names) that turns a pair into a weight, a decision
//    (same / review / different) and an explanation a reviewer can read.
//  - deduplicate: batch clustering that resists chaining.
//  - generate_population: synthetic Central Asian records with ground truth, for
//    benchmarks, tests and demos.
//
// Knows nothing of the database or the web. See src/match/README.md for the algorithm.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/base.h"
#include "text/text.h"

namespace nansen::match {

// ---------------------------------------------------------------------------------------
// Records

// A person record as written. Either `full_name` or the parts must hold a name; when
// both are given the parts win. `attributes` are optional extra fields compared for
// equality (an address, a document number); the i-th attribute of one record is compared
// with the i-th of another.
struct PersonRecord {
  std::string record_id{};
  std::string full_name{};
  std::string given_name{};
  std::string family_name{};
  std::string patronymic{};
  std::optional<CivilDate> birth_date{};
  std::optional<text::Sex> sex{};
  std::string nationality{};  // ISO3 or a claim such as XXA; empty when unknown
  std::vector<std::string> attributes{};
  // The partition the index files the record under (the registering country): a search
  // scoped to it reads only its records and weighs names by their frequencies there.
  // Ignored outside the index; empty is a partition like any other.
  std::string country{};
};

inline constexpr std::size_t kMaxAttributes = 4;

// What the matcher keeps of a record: skeleton tokens and the signals derived from them.
struct Features {
  std::vector<std::string> given;  // skeleton tokens
  std::string given_joined;        // tokens joined by spaces
  std::string family_stem;         // gender-neutral stem(s)
  std::string family_root;         // de-Russified root(s)
  std::string patronymic;          // first patronymic token (the father's name part)
  std::optional<CivilDate> birth_date;
  std::optional<text::Sex> sex;  // the record's own, else what the name endings signal
  std::string nationality;
  std::vector<std::string> attributes;  // trimmed, lowercased
  std::vector<std::string> tokens;      // every name token, stems for the family
  // One given name, and one of the region's common ones (text::is_common_given_name):
  // two different common names are two names, not a typo of one. Kept here because
  // the lookup costs more than the rest of a comparison.
  bool given_is_common = false;
};

// Parses and derives. Invalid (field "name", "attributes") when there is no usable name.
Result<Features> prepare(const PersonRecord& record);

// ---------------------------------------------------------------------------------------
// Comparison and the Fellegi–Sunter model

enum class Field { kFamily, kGiven, kPatronymic, kBirthDate, kSex, kNationality, kAttributes };
inline constexpr std::size_t kFieldCount = 7;
std::string_view field_name(Field f);  // "family", "given", ...
// Number of agreement levels of a field; level 0 is the least agreement.
int level_count(Field f);
std::string_view level_name(Field f, int level);  // "exact", "stem", "close", ...

// Agreement level per field; -1 when either side lacks the field (no evidence).
struct Comparison {
  std::array<std::int8_t, kFieldCount> level{};
  bool names_swapped = false;  // given/family matched crosswise (a parse in the other order)
  // Both birth dates full (not placeholders, not approximate), within a year of each
  // other but with another month or day, and no slip on each side explains it
  // (text::dates_contradict).
  bool dates_conflict = false;
};
Comparison compare(const Features& a, const Features& b);
struct Model;
// Evidence no weight can outvote (Model::veto): by default clearly different given names
// (not a swap), a different sex, or birth dates more than a year apart that no typo
// explains, or full dates that differ in month or day beyond a slip on each side (a veto on the
// birth date covers both). Twins share family, patronymic and birth date; namesakes
// share whole names. Such a pair never ends in one cluster.
bool clearly_different(const Model& model, const Comparison& c);

enum class Decision { kSame, kReview, kDifferent };
std::string_view decision_name(Decision d);  // "same", "review", "different"

struct FieldWeight {
  Field field;
  int level = -1;  // -1: missing
  std::string_view level_name;
  double weight = 0;  // log2 Bayes factor, including any term-frequency adjustment
};
struct Explanation {
  double weight = 0;       // sum of the field weights (log2 Bayes factor, no prior)
  double probability = 0;  // match probability with the model's prior
  Decision decision = Decision::kDifferent;
  bool names_swapped = false;
  std::vector<FieldWeight> fields;
};

// How often each family stem and given name occurs, for term-frequency adjustment.
struct TermFrequencies {
  std::size_t total = 0;
  std::unordered_map<std::string, std::uint32_t> family;
  std::unordered_map<std::string, std::uint32_t> given;
  void add(const Features& f);
  void remove(const Features& f);
};

// A plain, copyable model. The defaults are hand-set priors that work before training.
struct Model {
  std::array<std::vector<double>, kFieldCount> m;
  std::array<std::vector<double>, kFieldCount> u;
  double prior = 1e-4;     // P(same) for a random pair, used for `probability` only
  double same_at = 14.0;   // weight ≥ same_at → kSame
  double review_at = 4.0;  // weight ≥ review_at → kReview, below → kDifferent
  double tf_clamp = 4.0;   // term-frequency adjustment limited to ±tf_clamp bits
  bool term_frequency = true;
  // Fields whose lowest level ("different") vetoes a merge whatever the other fields say.
  std::array<bool, kFieldCount> veto = {false, true, false, true, true, false, false};
};
Model default_model();

// The weight of a pair. `tf` may be null (no term-frequency adjustment). Thread-safe.
Explanation explain(const Model& model, const Features& a, const Features& b,
                    const TermFrequencies* tf = nullptr);
double match_weight(const Model& model, const Comparison& c, const Features& a,
                    const TermFrequencies* tf = nullptr);
Decision decide(const Model& model, double weight);

struct TrainingOptions {
  std::size_t u_sample_pairs = 200'000;  // random pairs for u
  std::size_t max_em_pairs = 2'000'000;  // candidate pairs for EM
  int em_iterations = 25;
  bool learn_name_fields = false;  // EM for family/given/patronymic m too (see README)
  // Beyond this many records, EM learns from a random sample of them: the blocked pairs of
  // a million records cost more to gather than they add (the prior stays unbiased, since
  // a sample keeps the share of matching pairs).
  std::size_t max_records = 300'000;
  std::uint64_t seed = 42;
};
// Estimates u from random pairs of `records` and m (and the prior) by EM over the pairs
// the blocking keys produce. Keeps `start`'s thresholds. Invalid with fewer than two
// records.
Result<Model> train(const std::vector<Features>& records, const Model& start = default_model(),
                    const TrainingOptions& options = {});

// ---------------------------------------------------------------------------------------
// Search index

struct Query {
  std::string name{};  // any spelling, any order, or an MRZ name field; one name alone too
  std::optional<CivilDate> birth_date{};
  std::optional<text::Sex> sex{};
  std::string nationality{};
  // Only records of this partition (PersonRecord::country), for a country-scoped caller:
  // the keys read, the candidates counted, the top-k cut and the name frequencies in the
  // weights all stay inside it, so another partition's records change neither the hits
  // nor their weights. nullopt = every partition.
  std::optional<std::string> country{};
  // Also read a Latin name as ISO 9 or a German, French, Polish, Czech or Turkish
  // romanisation (text::foreign_readings). A hit through such a reading costs
  // kForeignReadingCost bits, so that the name as written wins a tie.
  bool foreign_readings = false;
};
inline constexpr double kForeignReadingCost = 1.0;

struct SearchHit {
  std::string record_id;
  double weight = 0;
  double probability = 0;
  Decision decision = Decision::kDifferent;
  // The comparison behind `weight`: which fields agreed and how (the matcher's reason).
  Comparison comparison{};
  // The scheme the query was read in, when a foreign reading scored best.
  std::optional<text::Scheme> reading{};
};

// An in-memory index over person records. Blocking keys (pairs of name tokens, exact
// and consonant skeletons, name token + birth year, and single tokens for one-name
// queries) map to posting lists of record slots held in one sorted flat array; additions
// go to a small delta map that is folded into the flat array when it grows past an eighth
// of it; removals are tombstones until the next fold. Every key is filed per partition
// (PersonRecord::country), and each partition keeps its own name frequencies.
//
// A query of one name token (a surname or a given name alone) is scored as either part
// and reads the single-token keys (exact and consonant), so it returns its candidates.
//
// Thread safety: internally reader–writer locked. Any number of threads may call search()
// concurrently; add()/remove()/set_model() take the lock exclusively. Callers apply writes
// after their transaction commits.
class Index {
 public:
  explicit Index(Model model = default_model());
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Adds or replaces the record with this record_id. Invalid when the record has no
  // usable name or an empty record_id.
  Status add(const PersonRecord& record);
  // Adds many records, then folds posting lists once (much faster than add() in a loop).
  // Stops at the first invalid record, naming it ("record N").
  Status add_all(const std::vector<PersonRecord>& records);
  // Returns false when no such record.
  bool remove(std::string_view record_id);
  std::size_t size() const;

  // Top `top_k` records by match weight, best first, inside the query's partition when it
  // names one (an unknown partition has no records). Invalid when the query name has no
  // letters. Thread-safe.
  Result<std::vector<SearchHit>> search(const Query& query, std::size_t top_k = 10) const;
  // The explanation of query vs an indexed record (the name as written, the record's
  // partition's frequencies); NotFound if the record is absent.
  Result<Explanation> explain(const Query& query, std::string_view record_id) const;

  void set_model(Model model);
  Model model() const;
  // Trains the model on the indexed records (see train()).
  Status train(const TrainingOptions& options = {});

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// ---------------------------------------------------------------------------------------
// Batch deduplication

struct DedupOptions {
  Model model = default_model();  // the starting model and its thresholds
  bool train = true;              // refine `model` by EM first (with ≥ 1000 records)
  TrainingOptions training;
  std::size_t max_block = 100;   // larger blocks are sorted by name and date and windowed
  std::size_t window = 10;       // neighbours compared inside an oversized block
  std::size_t max_cluster = 64;  // a cluster never grows past this
  // A record that fits a neighbouring cluster (no pair clearly different) within this
  // many bits of its fit to its own, in mean weight over the members, is ambiguous and
  // left alone (DedupResult::ambiguous); 0 turns this off.
  double ambiguity_margin = 1.5;
  // Raise same_at to the weight whose posterior is 1/2 under a prior estimated from the
  // scored candidate pairs (with ≥ 1000 records; the prior is stored in the result's
  // model): the more records, the more namesakes, the more evidence "same" needs.
  bool scale_threshold = true;
  int threads = 2;
  // Progress callback (records scored so far, total); called from the calling thread.
  std::function<void(std::string_view stage, std::size_t done, std::size_t total)> progress;
};

struct DedupResult {
  std::vector<std::size_t> cluster_of;  // per input record: cluster number from 0
  std::size_t clusters = 0;
  std::size_t candidate_pairs = 0;
  std::size_t matched_pairs = 0;
  std::size_t ambiguous = 0;  // records left on their own between clusters that differ
  Model model;
};

// Clusters `records` (same order as the input). Pairs come from blocking rules; pairs at
// or above model.same_at are merged strongest first, and two clusters merge only when no
// pair across them is clearly different or scores below model.review_at — so A~B and B~C
// do not glue A to C when A and C clearly differ — and the pairs across score same_at − 1
// on average. Invalid when a record cannot be prepared (field "record N").
Result<DedupResult> deduplicate(const std::vector<PersonRecord>& records,
                                const DedupOptions& options = {});
// The same on prepared features.
DedupResult deduplicate_features(const std::vector<Features>& features,
                                 const DedupOptions& options = {});

// ---------------------------------------------------------------------------------------
// Synthetic population

struct PopulationOptions {
  std::size_t records = 10'000;
  std::uint64_t seed = 1;
  int min_records_per_person = 2;
  int max_records_per_person = 5;
  double typo_rate = 0.15;          // per record: one keyboard or OCR error in a name
  double hard_negative_rate = 0.1;  // persons with a sibling, twin or namesake
};

struct SyntheticRecord {
  std::int64_t person_id = 0;  // ground truth
  std::string record_id;
  std::string country;    // KAZ, KGZ, UZB, TJK, TKM
  std::string full_name;  // as written on the record
  std::string given_name;
  std::string family_name;
  std::string patronymic;
  std::string script;  // "cyrillic", "icao", "bgn", "kk2021", "uz", "mrz" ...
  std::optional<CivilDate> birth_date;
  text::Sex sex = text::Sex::kMale;
  std::string nationality;  // claimed: the country, XXA (stateless), XXX (unknown), RUS
};

// Deterministic for a seed. Records of one person vary script, transliteration scheme,
// name order, patronymic form, gendered ending, typos and OCR confusions, and birth-date
// precision; hard negatives (siblings, twins, namesakes) are separate persons.
std::vector<SyntheticRecord> generate_population(const PopulationOptions& options);
PersonRecord to_person_record(const SyntheticRecord& r);

// ---------------------------------------------------------------------------------------
// Evaluation against ground truth

struct Quality {
  double precision = 0, recall = 0, f1 = 0;
  std::size_t true_positives = 0, false_positives = 0, false_negatives = 0;
};
// Pairwise quality of a clustering: pairs inside a predicted cluster vs pairs inside a
// true cluster.
Quality pairwise_quality(const std::vector<std::size_t>& predicted,
                         const std::vector<std::size_t>& truth);
// Cluster quality: a true cluster counts as found when a predicted cluster equals it.
Quality cluster_quality(const std::vector<std::size_t>& predicted,
                        const std::vector<std::size_t>& truth);

}  // namespace nansen::match

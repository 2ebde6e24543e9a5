// Exercise 26's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/data/kfold.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::vector<std::size_t> fold_sizes(std::size_t n, std::size_t k);
std::vector<neurona::Fold> kfold(const std::vector<std::size_t>& order, std::size_t k);
std::pair<std::vector<double>, double> cross_validate(const std::vector<neurona::Fold>& folds,
                                                      const std::function<double(const neurona::Fold&)>& score);
}  // namespace exercise

namespace {

using Indices = std::vector<std::size_t>;
using neurona::Fold;

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kRemainderDropped{
    "las últimas n % k muestras no se validan nunca: las n % k muestras sobrantes deben repartirse, una más en "
    "cada uno de los primeros pliegues",
    "the last n % k samples are never validated: the n % k leftover samples must be shared out, one more in each "
    "of the first folds"};
const Diagnosis kRemainderLast{
    "las muestras sobrantes (n % k) fueron todas al último pliegue; scikit-learn da una más a cada uno de los "
    "primeros n % k pliegues (10 en 3: 4, 3, 3)",
    "the leftover samples (n % k) all went to the last fold; scikit-learn gives one more to each of the first "
    "n % k folds (10 in 3: 4, 3, 3)"};
const Diagnosis kValidationInTraining{
    "las muestras de validación de un pliegue también están en su conjunto de entrenamiento: el entrenamiento son "
    "todas las demás",
    "a fold's validation samples are also in its training set: training must be all the others"};
const Diagnosis kBoundary{
    "un límite entre pliegues está desplazado en uno: pliegues vecinos comparten una muestra o se saltan una; el "
    "pliegue i es order[inicio, inicio + tamaño), sin incluir el final, y el siguiente empieza donde acabó",
    "a fold boundary is off by one: neighbouring folds share a sample or skip one; fold i is "
    "order[begin, begin + size), end excluded, and the next begins where it ended"};
const Diagnosis kTrainNotAscending{
    "el entrenamiento tiene las muestras correctas pero no en orden creciente; KFold las da de menor a mayor",
    "the training set has the right samples but not in ascending order; KFold lists them ascending"};
const Diagnosis kStub{"kfold todavía devuelve la lista vacía del esqueleto: escríbela",
                  "kfold still returns the stub's empty list: write it"};


std::string show(const Indices& v) {
    std::string s = "{";
    for (std::size_t i = 0; i < v.size() && i < 12; ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + (v.size() > 12 ? ", ... (" + std::to_string(v.size()) + " in all)}" : "}");
}

Indices iota(std::size_t n) {
    Indices v(n);
    std::iota(v.begin(), v.end(), std::size_t{0});
    return v;
}

// ---- the diagnoses -------------------------------------------------------------------------

// The usual wrong sizes of k folds of n: the leftovers dropped, or all put in the last fold.
std::string sizes_diagnosis(const Indices& got, std::size_t n, std::size_t k) {
    if (got.size() != k || n % k == 0) return "";
    Indices dropped(k, n / k), last(k, n / k);
    last.back() += n % k;
    if (got == dropped) return exercise_testing::diagnose(kRemainderDropped);
    if (got == last) return exercise_testing::diagnose(kRemainderLast);
    return "";
}

// Which usual mistake a wrong list of folds of `order` is, or "" for none of them.
std::string folds_diagnosis(const std::vector<Fold>& folds, const Indices& order, std::size_t k) {
    const std::size_t n = order.size();
    if (folds.empty()) return exercise_testing::diagnose(kStub);
    // A fold that trains on one of its own validation samples.
    for (const Fold& fold : folds) {
        std::vector<bool> in_validation(n, false);
        for (std::size_t i : fold.validation)
            if (i < n) in_validation[i] = true;
        for (std::size_t i : fold.train)
            if (i < n && in_validation[i]) return exercise_testing::diagnose(kValidationInTraining);
    }
    // How many times each sample is validated.
    std::vector<int> validated(n, 0);
    for (const Fold& fold : folds)
        for (std::size_t i : fold.validation)
            if (i < n) ++validated[i];
    if (std::any_of(validated.begin(), validated.end(), [](int c) { return c > 1; })) return exercise_testing::diagnose(kBoundary);
    Indices never;
    for (std::size_t p = 0; p < n; ++p)
        if (validated[order[p]] == 0) never.push_back(p);  // positions in `order`
    if (!never.empty()) {
        // Exactly the last n % k positions of the order: the remainder was dropped.
        const bool tail = never.size() == n % k && never.front() == n - n % k && never.back() == n - 1;
        return exercise_testing::diagnose(tail ? kRemainderDropped : kBoundary);
    }
    Indices sizes;
    for (const Fold& fold : folds) sizes.push_back(fold.validation.size());
    const std::string by_size = sizes_diagnosis(sizes, n, k);
    if (!by_size.empty()) return by_size;
    for (const Fold& fold : folds) {
        Indices sorted = fold.train;
        std::sort(sorted.begin(), sorted.end());
        if (sorted != fold.train) return exercise_testing::diagnose(kTrainNotAscending);
    }
    return "";
}

// The folds scikit-learn makes of `order`: the library's KFold, written out once more in the
// test, so a check does not depend on the learner's fold_sizes.
std::vector<Fold> expected_folds(const Indices& order, std::size_t k) {
    const std::size_t n = order.size();
    std::vector<Fold> folds;
    std::size_t begin = 0;
    for (std::size_t f = 0; f < k; ++f) {
        const std::size_t size = n / k + (f < n % k ? 1 : 0);
        Fold fold;
        fold.validation.assign(order.begin() + begin, order.begin() + begin + size);
        for (std::size_t i = 0; i < n; ++i)
            if (std::find(fold.validation.begin(), fold.validation.end(), i) == fold.validation.end())
                fold.train.push_back(i);
        folds.push_back(fold);
        begin += size;
    }
    return folds;
}

// Passes when `got` are exactly the folds `expected`; otherwise names the first difference and
// the usual mistake it is.
::testing::AssertionResult SameFolds(const std::vector<Fold>& got, const std::vector<Fold>& expected,
                                     const Indices& order, std::size_t k) {
    std::string difference;
    if (got.size() != expected.size()) {
        difference = std::to_string(got.size()) + " folds, expected " + std::to_string(expected.size());
    } else {
        for (std::size_t f = 0; f < got.size() && difference.empty(); ++f) {
            if (got[f].validation != expected[f].validation)
                difference = "fold " + std::to_string(f) + " validates on " + show(got[f].validation) +
                             ", expected " + show(expected[f].validation);
            else if (got[f].train != expected[f].train)
                difference = "fold " + std::to_string(f) + " trains on " + show(got[f].train) + ", expected " +
                             show(expected[f].train);
        }
    }
    if (difference.empty()) return ::testing::AssertionSuccess();
    const std::string why = folds_diagnosis(got, order, k);
    return ::testing::AssertionFailure() << order.size() << " samples in " << k << " folds: " << difference
                                         << (why.empty() ? "" : "\n" + why);
}

// ---- fold_sizes ----------------------------------------------------------------------------

TEST(FoldSizes, TenSamplesInThreeFoldsGiveFourThreeThree) {
    const Indices sizes = exercise::fold_sizes(10, 3);
    EXPECT_EQ(sizes, (Indices{4, 3, 3})) << "10 / 3 = 3 each, and 10 % 3 = 1 extra for the first fold\n"
                                         << sizes_diagnosis(sizes, 10, 3);
}

TEST(FoldSizes, FollowTheRuleOfScikitLearn) {
    // n / k each, one more for each of the first n % k folds, as the library's KFold.
    for (const auto& [n, k] : {std::pair<std::size_t, std::size_t>{404, 4}, {10, 4}, {11, 4}, {7, 7}, {23, 5}}) {
        Indices expected;
        for (const Fold& fold : neurona::KFold(k).split(n)) expected.push_back(fold.validation.size());
        const Indices sizes = exercise::fold_sizes(n, k);
        EXPECT_EQ(sizes, expected) << n << " samples in " << k << " folds\n" << sizes_diagnosis(sizes, n, k);
    }
}

TEST(FoldSizes, RejectFewerThanTwoFoldsOrFewerSamplesThanFolds) {
    EXPECT_THROW(exercise::fold_sizes(10, 1), std::invalid_argument) << "k = 1: nothing left to validate on";
    EXPECT_THROW(exercise::fold_sizes(10, 0), std::invalid_argument) << "k = 0";
    EXPECT_THROW(exercise::fold_sizes(3, 4), std::invalid_argument) << "4 folds of 3 samples: one would be empty";
}

// ---- kfold -----------------------------------------------------------------------------------

TEST(KFold, HandComputedTenSamplesInThreeFolds) {
    const Indices order = iota(10);
    const std::vector<Fold> expected{{{4, 5, 6, 7, 8, 9}, {0, 1, 2, 3}},
                                     {{0, 1, 2, 3, 7, 8, 9}, {4, 5, 6}},
                                     {{0, 1, 2, 3, 4, 5, 6}, {7, 8, 9}}};  // {train, validation}
    EXPECT_TRUE(SameFolds(exercise::kfold(order, 3), expected, order, 3));
}

TEST(KFold, EverySampleIsValidatedExactlyOnce) {
    for (const auto& [n, k, seed] : {std::tuple<std::size_t, std::size_t, std::uint64_t>{10, 3, 0}, {11, 4, 1},
                                     {23, 5, 2}}) {
        const Indices order = neurona::Rng(seed).permutation(n);
        const std::vector<Fold> folds = exercise::kfold(order, k);
        std::vector<int> validated(n, 0);
        bool in_range = true;
        for (const Fold& fold : folds)
            for (std::size_t i : fold.validation) {
                if (i < n) ++validated[i];
                else in_range = false;
            }
        EXPECT_EQ(folds.size(), k) << n << " samples, " << k << " folds";
        EXPECT_TRUE(in_range && std::all_of(validated.begin(), validated.end(), [](int c) { return c == 1; }))
            << n << " samples in " << k << " folds: each sample must be in exactly one validation fold\n"
            << folds_diagnosis(folds, order, k);
    }
}

TEST(KFold, TrainingHoldsEveryOtherSample) {
    const std::size_t n = 11, k = 4;
    const Indices order = neurona::Rng(4).permutation(n);
    const std::vector<Fold> folds = exercise::kfold(order, k);
    ASSERT_EQ(folds.size(), k) << folds_diagnosis(folds, order, k);
    for (std::size_t f = 0; f < k; ++f) {
        Indices all = folds[f].train;
        all.insert(all.end(), folds[f].validation.begin(), folds[f].validation.end());
        std::sort(all.begin(), all.end());
        EXPECT_EQ(all, iota(n)) << "fold " << f << ": training " << show(folds[f].train) << " and validation "
                                << show(folds[f].validation) << " together must hold each sample once\n"
                                << folds_diagnosis(folds, order, k);
    }
}

TEST(KFold, FoldsAreConsecutiveSlicesOfTheOrder) {
    // A shuffled order: fold 0 validates on its first 4 entries, fold 1 on the next 3, ...
    const Indices order = neurona::Rng(9).permutation(10);
    EXPECT_TRUE(SameFolds(exercise::kfold(order, 3), expected_folds(order, 3), order, 3));
}

TEST(KFold, MatchesTheLibrary) {
    // KFold(k) without a shuffle cuts 0 .. n-1; KFold(k, true, seed) cuts Rng(seed).permutation(n).
    for (const auto& [n, k] : {std::pair<std::size_t, std::size_t>{10, 3}, {11, 4}, {9, 2}}) {
        const Indices order = iota(n);
        EXPECT_TRUE(SameFolds(exercise::kfold(order, k), neurona::KFold(k).split(n), order, k));
    }
    // Chapter 3.8: KFold(4, true, 0) on the 404 non-test districts, 101 each.
    const Indices order = neurona::Rng(0).permutation(404);
    EXPECT_TRUE(SameFolds(exercise::kfold(order, 4), neurona::KFold(4, true, 0).split(404), order, 4));
    const Indices order10 = neurona::Rng(7).permutation(10);
    EXPECT_TRUE(SameFolds(exercise::kfold(order10, 3), neurona::KFold(3, true, 7).split(10), order10, 3));
}

TEST(KFold, RejectsBadFoldCountsAndOrders) {
    EXPECT_THROW(exercise::kfold(iota(10), 1), std::invalid_argument) << "k = 1";
    EXPECT_THROW(exercise::kfold(iota(3), 4), std::invalid_argument) << "4 folds of 3 samples";
    EXPECT_THROW(exercise::kfold(Indices{0, 1, 1, 3}, 2), std::invalid_argument) << "sample 1 twice, 2 missing";
    EXPECT_THROW(exercise::kfold(Indices{0, 1, 2, 7}, 2), std::invalid_argument) << "7 among 4 samples";
}

// ---- cross_validate ------------------------------------------------------------------------

TEST(CrossValidate, ScoresEachFoldOnceAndAveragesThem) {
    // Chapter 3.8's four validation MAEs after 20 epochs; their mean is the chapter's 3.262.
    const std::vector<double> chapter{2.797, 3.801, 3.009, 3.441};
    const std::vector<Fold> folds = neurona::KFold(4, true, 0).split(404);
    std::size_t calls = 0;
    const auto [scores, mean] = exercise::cross_validate(folds, [&](const Fold& fold) {
        ++calls;
        for (std::size_t f = 0; f < folds.size(); ++f)
            if (folds[f].validation == fold.validation) return chapter[f];
        return std::nan("");
    });
    EXPECT_EQ(calls, 4u) << "score is called once per fold";
    EXPECT_EQ(scores, chapter) << "the per-fold scores, in the folds' order";
    EXPECT_NEAR(mean, (2.797 + 3.801 + 3.009 + 3.441) / 4, 1e-12) << "the plain mean of the 4 scores";
    EXPECT_NEAR(mean, 3.262, 5e-4) << "the chapter prints 3.262";
}

TEST(CrossValidate, HandComputedMeanOfUnequalFolds) {
    // Score: the mean index of the validation fold. 10 in 3: {0..3} 1.5, {4..6} 5, {7..9} 8;
    // the mean of the three scores is 14.5 / 3, not the mean index 4.5 weighted by fold size.
    const auto [scores, mean] = exercise::cross_validate(neurona::KFold(3).split(10), [](const Fold& fold) {
        double sum = 0;
        for (std::size_t i : fold.validation) sum += static_cast<double>(i);
        return sum / static_cast<double>(fold.validation.size());
    });
    EXPECT_EQ(scores, (std::vector<double>{1.5, 5, 8}));
    EXPECT_NEAR(mean, 14.5 / 3, 1e-12);
}

TEST(CrossValidate, RejectsNoFolds) {
    EXPECT_THROW(exercise::cross_validate({}, [](const Fold&) { return 0.0; }), std::invalid_argument);
}

}  // namespace

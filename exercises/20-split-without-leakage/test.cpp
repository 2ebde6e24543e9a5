// Exercise 20's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/data/preprocessing.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::tuple<std::vector<std::size_t>, std::vector<std::size_t>, std::vector<std::size_t>> split_indices(
    std::size_t n, double test_size, double validation_split, std::uint64_t seed);
std::pair<neurona::Matrix, neurona::Matrix> fit_scaler(const neurona::Matrix& X,
                                                       const std::vector<std::size_t>& rows);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;
using Indices = std::vector<std::size_t>;
using Parts = std::tuple<Indices, Indices, Indices>;  // train, validation, test

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kOverlap{"una misma fila está en dos partes (filas de prueba también en entrenamiento, p. ej.): "
                     "las tres partes no deben solaparse",
                     "the same row is in two parts (test rows also in training, say): the three parts must not "
                     "overlap"};
const Diagnosis kTestRoundedDown{"a la parte de prueba le falta una fila: scikit-learn redondea test_size · n hacia "
                             "arriba (ceil)",
                             "the test part is one row short: scikit-learn rounds test_size · n up (ceil)"};
const Diagnosis kNotShuffled{"las filas no se barajaron: cada parte toma filas consecutivas en su orden original, y "
                         "con datos ordenados una parte puede quedarse con una sola clase",
                         "the rows were not shuffled: each part takes consecutive rows in their original order, "
                         "and with sorted data a part can end up with a single class"};
const Diagnosis kScalerOnAllRows{"la media y la escala se calcularon con todas las filas, no solo con las de "
                             "entrenamiento: las de validación y prueba se filtran al preprocesado",
                             "the mean and scale were computed from all the rows, not only the training rows: the "
                             "validation and test rows leak into the preprocessing"};

const Diagnosis kStub{"split_indices todavía devuelve las listas vacías del esqueleto: escríbela",
                  "split_indices still returns the stub's empty lists: write it"};


// A fraction as people write it: 0.2, not 0.20000000000000001.
std::string fraction(double f) {
    std::ostringstream os;
    os << f;
    return os.str();
}

std::string show(const Indices& v) {
    std::string s = "{";
    for (std::size_t i = 0; i < v.size() && i < 12; ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + (v.size() > 12 ? ", ... (" + std::to_string(v.size()) + " in all)}" : "}");
}

// True when every part is a run of consecutive rows in increasing order: no shuffle happened.
bool consecutive_runs(const Parts& parts) {
    for (const Indices* part : {&std::get<0>(parts), &std::get<1>(parts), &std::get<2>(parts)})
        for (std::size_t i = 1; i < part->size(); ++i)
            if ((*part)[i] != (*part)[i - 1] + 1) return false;
    return true;
}

// The diagnosis of a wrong split of n rows, or "" when it is none of the usual mistakes.
std::string usual_mistake(const Parts& parts, std::size_t n, double test_size) {
    const auto& [train, validation, test] = parts;
    if (train.empty() && validation.empty() && test.empty()) return exercise_testing::diagnose(kStub);
    std::vector<int> seen(n, 0);
    for (const Indices* part : {&std::get<0>(parts), &std::get<1>(parts), &std::get<2>(parts)})
        for (std::size_t i : *part)
            if (i < n && seen[i]++ > 0) return exercise_testing::diagnose(kOverlap);
    const double exact = test_size * static_cast<double>(n);
    if (std::floor(exact) != std::ceil(exact) && test.size() == std::size_t(std::floor(exact)))
        return exercise_testing::diagnose(kTestRoundedDown);
    if (n >= 10 && consecutive_runs(parts)) return exercise_testing::diagnose(kNotShuffled);
    return "";
}

// The right split, from the library: train_test_split with the same seed shuffles the rows
// with Rng(seed).permutation(n) and gives the permutation's head to the test part. Feeding it
// the row numbers as data returns them. Then Keras's validation_split (model.cpp) keeps the
// first floor(n_rest * (1 - validation_split)) of the remaining rows for training.
Parts library_split(std::size_t n, double test_size, double validation_split, std::uint64_t seed) {
    Matrix ids(n, 1);
    for (std::size_t i = 0; i < n; ++i) ids(i, 0) = static_cast<Scalar>(i);
    const neurona::Split s = neurona::train_test_split(ids, ids, test_size, seed);
    Indices test, rest;
    for (Scalar v : s.X_test.values()) test.push_back(static_cast<std::size_t>(v));
    for (Scalar v : s.X_train.values()) rest.push_back(static_cast<std::size_t>(v));
    const auto n_train =
        static_cast<std::size_t>(std::floor(static_cast<double>(rest.size()) * (1.0 - validation_split)));
    return {Indices(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(n_train)),
            Indices(rest.begin() + static_cast<std::ptrdiff_t>(n_train), rest.end()), test};
}

::testing::AssertionResult HasSizes(const Parts& parts, std::size_t train, std::size_t validation,
                                    std::size_t test, std::size_t n, double test_size) {
    const auto& [tr, va, te] = parts;
    if (tr.size() == train && va.size() == validation && te.size() == test) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure()
                   << n << " rows, test_size " << fraction(test_size) << ": sizes " << tr.size() << " / " << va.size()
                   << " / " << te.size() << " (train / validation / test), expected " << train << " / "
                   << validation << " / " << test;
    const std::string why = usual_mistake(parts, n, test_size);
    if (!why.empty()) failure << "\n" << why;
    return failure;
}

TEST(SplitIndices, SizesAreRoundedAsInTheChapter) {
    // Chapter 3.1: 1000 moons, 20 % to test, then validation_split 0.2 of the other 800.
    EXPECT_TRUE(HasSizes(exercise::split_indices(1000, 0.2, 0.2, 0), 640, 160, 200, 1000, 0.2));
    // 10 rows, test_size 0.25: ceil(2.5) = 3 test rows; floor(7 * 0.75) = floor(5.25) = 5 train, 2 validate.
    EXPECT_TRUE(HasSizes(exercise::split_indices(10, 0.25, 0.25, 1), 5, 2, 3, 10, 0.25));
    // 7 rows, test_size 0.3: ceil(2.1) = 3; validation_split 0 leaves the other 4 to train.
    EXPECT_TRUE(HasSizes(exercise::split_indices(7, 0.3, 0, 2), 4, 0, 3, 7, 0.3));
}

TEST(SplitIndices, PartsAreDisjointAndCoverEveryRowOnce) {
    for (std::uint64_t seed : {0, 1, 2}) {
        const Parts parts = exercise::split_indices(50, 0.2, 0.25, seed);
        const auto& [train, validation, test] = parts;
        Indices all = train;
        all.insert(all.end(), validation.begin(), validation.end());
        all.insert(all.end(), test.begin(), test.end());
        std::sort(all.begin(), all.end());
        Indices every_row(50);
        for (std::size_t i = 0; i < 50; ++i) every_row[i] = i;
        EXPECT_EQ(all, every_row) << "seed " << seed << ": the three parts together must hold each of the rows "
                                  << "0 .. 49 exactly once\n" << usual_mistake(parts, 50, 0.2);
    }
}

TEST(SplitIndices, TheSameSeedGivesTheSameSplit) {
    const Parts a = exercise::split_indices(40, 0.25, 0.2, 7), b = exercise::split_indices(40, 0.25, 0.2, 7);
    EXPECT_TRUE(a == b) << "two calls with seed 7 differ: draw the permutation from neurona::Rng(seed)";
    const Parts c = exercise::split_indices(40, 0.25, 0.2, 8);
    EXPECT_FALSE(a == c) << "seeds 7 and 8 give the same split: the seed must choose the permutation\n"
                         << usual_mistake(a, 40, 0.25);
}

// Chapter 3.1's trap: data sorted by class. Every part must still see both classes.
TEST(SplitIndices, EveryPartOfSortedDataHasBothClasses) {
    const std::size_t n = 1000;  // rows 0 .. 499 are class 0, rows 500 .. 999 class 1
    const Parts parts = exercise::split_indices(n, 0.2, 0.2, 0);
    const auto& [train, validation, test] = parts;
    const auto class_1 = [](const Indices& part) {
        return std::count_if(part.begin(), part.end(), [](std::size_t i) { return i >= 500; });
    };
    for (const auto& [name, part] : {std::pair<const char*, const Indices*>{"train", &train},
                                     {"validation", &validation}, {"test", &test}}) {
        const auto ones = class_1(*part);
        EXPECT_TRUE(!part->empty() && ones > 0 && ones < static_cast<long>(part->size()))
            << name << " holds " << part->size() << " rows, " << ones << " of class 1: "
            << show(*part) << "\n" << usual_mistake(parts, n, 0.2);
    }
}

TEST(SplitIndices, MatchesTheLibrary) {
    for (const auto& [n, test_size, validation_split, seed] :
         {std::tuple<std::size_t, double, double, std::uint64_t>{1000, 0.2, 0.2, 0}, {10, 0.25, 0.25, 1},
          {37, 0.3, 0.1, 5}}) {
        const Parts got = exercise::split_indices(n, test_size, validation_split, seed);
        const Parts expected = library_split(n, test_size, validation_split, seed);
        const std::string why = usual_mistake(got, n, test_size);
        EXPECT_EQ(std::get<2>(got), std::get<2>(expected)) << "test rows, n = " << n << ": the permutation's first "
                                                           << "ceil(test_size * n) entries\n" << why;
        EXPECT_EQ(std::get<0>(got), std::get<0>(expected)) << "training rows, n = " << n << "\n" << why;
        EXPECT_EQ(std::get<1>(got), std::get<1>(expected)) << "validation rows, n = " << n << "\n" << why;
    }
}

TEST(SplitIndices, RejectsFractionsOutsideTheirRangeAndEmptyParts) {
    EXPECT_THROW(exercise::split_indices(100, 0, 0.2, 0), std::invalid_argument) << "test_size 0";
    EXPECT_THROW(exercise::split_indices(100, 1, 0.2, 0), std::invalid_argument) << "test_size 1";
    EXPECT_THROW(exercise::split_indices(100, 0.2, 1, 0), std::invalid_argument) << "validation_split 1";
    EXPECT_THROW(exercise::split_indices(100, 0.2, -0.1, 0), std::invalid_argument) << "validation_split -0.1";
    EXPECT_THROW(exercise::split_indices(1, 0.5, 0, 0), std::invalid_argument) << "1 row: nothing left to train";
    EXPECT_THROW(exercise::split_indices(3, 0.34, 0.1, 0), std::invalid_argument)
        << "3 rows, test_size 0.34: 2 test rows, floor(1 * 0.9) = 0 to train";
}

// Population mean and standard deviation of the listed rows, in double: what the mistakes
// compute when they list every row.
std::pair<Matrix, Matrix> statistics(const Matrix& X, const Indices& rows) {
    Matrix mean(1, X.cols()), scale(1, X.cols());
    for (std::size_t c = 0; c < X.cols(); ++c) {
        double sum = 0, squares = 0;
        for (std::size_t r : rows) sum += X(r, c);
        const double mu = sum / double(rows.size());
        for (std::size_t r : rows) squares += (X(r, c) - mu) * (X(r, c) - mu);
        const double sd = std::sqrt(squares / double(rows.size()));
        mean(0, c) = Scalar(mu);
        scale(0, c) = sd == 0 ? Scalar{1} : Scalar(sd);
    }
    return {mean, scale};
}

Indices every_row(const Matrix& X) {
    Indices rows(X.rows());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    return rows;
}

// Rows 0, 2 and 5 train. Column 0 there: 1, 3, 5 (mean 3, variance (4 + 0 + 4) / 3 = 8/3);
// column 1: 10, 10, 10 (constant: scale 1). The other rows are far away on purpose.
const Matrix kX{{1, 10}, {100, 0}, {3, 10}, {-50, 7}, {80, 3}, {5, 10}};
const Indices kTrain{0, 2, 5};

TEST(FitScaler, UsesOnlyTheTrainingRowsByHand) {
    const auto [mean, scale] = exercise::fit_scaler(kX, kTrain);
    const auto [all_mean, all_scale] = statistics(kX, every_row(kX));
    EXPECT_TRUE(exercise_testing::matches(mean, Matrix{{3, 10}}, {{all_mean, kScalerOnAllRows.es, kScalerOnAllRows.en}}))
        << "mean of rows 0, 2, 5";
    EXPECT_TRUE(exercise_testing::matches(scale, Matrix{{std::sqrt(8.0f / 3), 1}},
                                          {{all_scale, kScalerOnAllRows.es, kScalerOnAllRows.en}}))
        << "population standard deviation of rows 0, 2, 5; a constant column gets 1";
}

TEST(FitScaler, TheOtherRowsDoNotChangeTheStatistics) {
    const auto [mean, scale] = exercise::fit_scaler(kX, kTrain);
    Matrix moved = kX;
    for (std::size_t r : {1, 3, 4}) moved(r, 0) += 1000, moved(r, 1) -= 500;  // validation and test rows only
    const auto [moved_mean, moved_scale] = exercise::fit_scaler(moved, kTrain);
    ASSERT_TRUE(moved_mean.same_shape(mean) && moved_scale.same_shape(scale))
        << "mean " << moved_mean.shape() << ", scale " << moved_scale.shape();
    const bool unchanged = neurona::allclose(moved_mean, mean) && neurona::allclose(moved_scale, scale);
    EXPECT_TRUE(unchanged && !mean.empty())
        << "moving the rows that are not in training changed the statistics: mean " << mean << " became "
        << moved_mean << ", scale " << scale << " became " << moved_scale << "\n"
        << (mean.empty() ? "" : exercise_testing::diagnose(kScalerOnAllRows));
}

TEST(FitScaler, MatchesStandardScaler) {
    const neurona::Dataset d = neurona::make_moons(300, 0.3, 4);
    const Matrix X = d.X * Matrix{{100.0f, 0.5f}} + Matrix{{20.0f, -3.0f}};
    const Indices train = std::get<0>(library_split(300, 0.2, 0.2, 4));
    neurona::StandardScaler sc;
    sc.fit(X.gather_rows(train));
    const auto [mean, scale] = exercise::fit_scaler(X, train);
    const auto [all_mean, all_scale] = statistics(X, every_row(X));
    EXPECT_TRUE(exercise_testing::matches(mean, sc.mean(), {{all_mean, kScalerOnAllRows.es, kScalerOnAllRows.en}},
                                          1e-4, 1e-4));
    EXPECT_TRUE(exercise_testing::matches(scale, sc.scale(),
                                          {{all_scale, kScalerOnAllRows.es, kScalerOnAllRows.en}}, 1e-5, 1e-6));
}

TEST(FitScaler, RejectsNoRowsAndRowsOutsideX) {
    EXPECT_THROW(exercise::fit_scaler(kX, {}), std::invalid_argument) << "no training rows";
    EXPECT_THROW(exercise::fit_scaler(kX, {0, 6}), std::invalid_argument) << "X has rows 0 .. 5";
}

}  // namespace

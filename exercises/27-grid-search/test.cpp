// Exercise 27's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/callbacks.hpp"
#include "neurona/random.hpp"
#include "neurona/tuner.hpp"

namespace exercise {
std::vector<neurona::HyperParameters> grid(const neurona::SearchSpace& space);
bool higher_is_better(const std::string& objective);
bool better(double a, double b, bool maximize);
std::pair<std::vector<double>, std::size_t> grid_search(
    const neurona::SearchSpace& space, const std::function<double(const neurona::HyperParameters&)>& score,
    const std::string& objective);
}  // namespace exercise

namespace {

using neurona::HyperParameters;
using neurona::SearchSpace;
using Grid = std::vector<HyperParameters>;

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kMaximisedLoss{
    "se eligió el val_loss más alto: una pérdida (o un error) se minimiza; solo las exactitudes se maximizan",
    "the highest val_loss was chosen: a loss (or an error) is minimised; only accuracies are maximised"};
const Diagnosis kMinimisedAccuracy{
    "se eligió la exactitud más baja: una exactitud (accuracy) se maximiza",
    "the lowest accuracy was chosen: an accuracy is maximised"};
const Diagnosis kNaNChosen{
    "se eligió como mejor una puntuación NaN: toda comparación con NaN es falsa, así que un NaN que llega primero "
    "nunca se reemplaza; un NaN debe perder frente a cualquier número",
    "a NaN score was chosen as best: every comparison with NaN is false, so a NaN that comes first is never "
    "replaced; a NaN must lose to any number"};
const Diagnosis kSkipped{
    "faltan combinaciones: un bucle anidado se detiene un valor antes de tiempo; la rejilla tiene el producto de "
    "los tamaños de las listas",
    "combinations are missing: a nested loop stops one value early; the grid has the product of the list sizes"};
const Diagnosis kOrder{
    "las combinaciones son las correctas pero en otro orden: las capas ocultas cambian más despacio, después las "
    "unidades, las tasas de aprendizaje, y los optimizadores más deprisa",
    "the combinations are right but in another order: hidden layers change slowest, then units, learning rates, "
    "and optimizers fastest"};
const Diagnosis kLastTie{
    "de dos puntuaciones iguales se quedó la del último intento; un empate conserva el primero (uno posterior "
    "debe ser estrictamente mejor)",
    "of two equal scores the later trial was kept; a tie keeps the first (a later trial must be strictly better)"};
const Diagnosis kStub{"grid todavía devuelve la lista vacía del esqueleto: escríbela",
                  "grid still returns the stub's empty list: write it"};


// Chapter 3.11's full grid: 3 depths x 3 widths x 2 learning rates x 3 optimizers = 54.
const SearchSpace kSpace{.hidden_layers = {1, 2, 3}, .units = {16, 50, 128}, .learning_rates = {1e-2, 1e-3},
                         .optimizers = {"sgd", "rmsprop", "adam"}};

std::string show(const HyperParameters& hp) { return hp.to_string(); }

// Why a list of combinations differs from `expected`: missing ones, another order, or the stub.
std::string grid_diagnosis(const Grid& got, const Grid& expected) {
    if (got.empty()) return exercise_testing::diagnose(kStub);
    const auto in = [](const Grid& g, const HyperParameters& hp) { return std::find(g.begin(), g.end(), hp) != g.end(); };
    const bool all_known = std::all_of(got.begin(), got.end(), [&](const HyperParameters& hp) { return in(expected, hp); });
    if (all_known && got.size() < expected.size()) return exercise_testing::diagnose(kSkipped);
    if (got.size() == expected.size() && std::all_of(expected.begin(), expected.end(),
                                                      [&](const HyperParameters& hp) { return in(got, hp); }))
        return exercise_testing::diagnose(kOrder);
    return "";
}

::testing::AssertionResult SameGrid(const Grid& got, const Grid& expected) {
    if (got == expected) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure() << got.size() << " combinations, expected " << expected.size();
    for (std::size_t i = 0; i < std::min(got.size(), expected.size()); ++i)
        if (!(got[i] == expected[i])) {
            failure << "; the first difference is combination " << i << ": " << show(got[i]) << ", expected "
                    << show(expected[i]);
            break;
        }
    for (const HyperParameters& hp : expected)
        if (std::find(got.begin(), got.end(), hp) == got.end()) {
            failure << "\nnever tried: " << show(hp);
            break;
        }
    const std::string why = grid_diagnosis(got, expected);
    if (!why.empty()) failure << "\n" << why;
    return failure;
}

// ---- grid ------------------------------------------------------------------------------------

TEST(Grid, AllCombinationsInSearchSpaceOrder) {
    EXPECT_TRUE(SameGrid(exercise::grid(kSpace), kSpace.combinations()));
    const SearchSpace small{.hidden_layers = {2}, .units = {8, 16}, .learning_rates = {0.1, 0.01, 0.001},
                            .optimizers = {"adam"}};
    EXPECT_TRUE(SameGrid(exercise::grid(small), small.combinations()));
}

TEST(Grid, TrialNumbersMatchTheChapter) {
    // Chapter 3.11's full run ranks trial 8 first, then 9 and 32; trial 11 is 1 x 50 with Adam at
    // 0.001, and the last one, 53, is 3 x 128 with Adam at 0.001.
    const Grid g = exercise::grid(kSpace);
    ASSERT_EQ(g.size(), 54u) << "3 x 3 x 2 x 3 combinations\n" << grid_diagnosis(g, kSpace.combinations());
    EXPECT_EQ(show(g[8]), "hidden_layers=1 units=50 learning_rate=0.01 optimizer=adam");
    EXPECT_EQ(show(g[9]), "hidden_layers=1 units=50 learning_rate=0.001 optimizer=sgd");
    EXPECT_EQ(show(g[32]), "hidden_layers=2 units=128 learning_rate=0.01 optimizer=adam");
    EXPECT_EQ(show(g[11]), "hidden_layers=1 units=50 learning_rate=0.001 optimizer=adam");
    EXPECT_EQ(show(g[53]), "hidden_layers=3 units=128 learning_rate=0.001 optimizer=adam");
}

TEST(Grid, RejectsAnEmptyListOfChoices) {
    SearchSpace no_units = kSpace;
    no_units.units.clear();
    EXPECT_THROW(exercise::grid(no_units), std::invalid_argument) << "no units to choose from";
    SearchSpace no_optimizers = kSpace;
    no_optimizers.optimizers.clear();
    EXPECT_THROW(exercise::grid(no_optimizers), std::invalid_argument) << "no optimizers to choose from";
}

// ---- the direction and the comparison -------------------------------------------------------

TEST(HigherIsBetter, AccuraciesUpLossesAndErrorsDown) {
    const std::vector<const char*> names{"loss", "val_loss", "mae", "val_mae", "mse", "val_rmse", "accuracy",
                                         "val_accuracy", "binary_accuracy", "val_categorical_accuracy", "acc",
                                         "val_acc"};
    // A function that answers false for every name has not been written yet: no diagnosis then.
    const bool ever_true = std::any_of(names.begin(), names.end(), exercise::higher_is_better);
    for (const char* name : names) {
        const bool expected = neurona::higher_is_better(name);
        const bool got = exercise::higher_is_better(name);
        const std::string why = got == expected || !ever_true ? "" : exercise_testing::diagnose(expected ? kMinimisedAccuracy : kMaximisedLoss);
        EXPECT_EQ(got, expected) << name << (expected ? " is maximised" : " is minimised") << "\n" << why;
    }
}

TEST(Better, LowerLossesAndHigherAccuraciesAreBetter) {
    EXPECT_TRUE(exercise::better(5.96, 7.01, false) && !exercise::better(7.01, 5.96, false))
        << "minimising: 5.96 beats 7.01\n" << (exercise::better(7.01, 5.96, false) ? exercise_testing::diagnose(kMaximisedLoss) : "");
    EXPECT_TRUE(exercise::better(0.92, 0.85, true) && !exercise::better(0.85, 0.92, true))
        << "maximising: 0.92 beats 0.85\n" << (exercise::better(0.85, 0.92, true) ? exercise_testing::diagnose(kMinimisedAccuracy) : "");
}

TEST(Better, AnEqualScoreIsNotBetter) {
    EXPECT_FALSE(exercise::better(6.5, 6.5, false)) << "minimising\n" << exercise_testing::diagnose(kLastTie);
    EXPECT_FALSE(exercise::better(0.9, 0.9, true)) << "maximising\n" << exercise_testing::diagnose(kLastTie);
}

TEST(Better, NaNIsNeverBetterAndAlwaysBeaten) {
    const double nan = std::nan("");
    // A function that answers false for everything has not been written yet: no diagnosis then.
    const bool compares = exercise::better(1, 2, false) || exercise::better(2, 1, false);
    const std::string why = compares ? exercise_testing::diagnose(kNaNChosen) : "";
    for (bool maximize : {false, true}) {
        const char* direction = maximize ? "maximising" : "minimising";
        EXPECT_FALSE(exercise::better(nan, 7.0, maximize)) << direction << ": NaN must not beat 7\n" << why;
        EXPECT_TRUE(exercise::better(7.0, nan, maximize)) << direction << ": 7 must beat NaN\n" << why;
        EXPECT_FALSE(exercise::better(nan, nan, maximize)) << direction << ": NaN does not beat NaN";
    }
}

// ---- grid_search ------------------------------------------------------------------------------

// A cheap stand-in for training: a val_loss that depends smoothly on every hyper-parameter,
// lowest (5.0) for one layer of 50 units with Adam at 0.001, combination 11.
double val_loss(const HyperParameters& hp) {
    const double optimizer = hp.optimizer == "adam" ? 0 : hp.optimizer == "rmsprop" ? 0.2 : 0.35;
    return 5.0 + 0.7 * double(hp.hidden_layers - 1) + std::abs(double(hp.units) - 50) / 100 +
           (hp.learning_rate == 1e-3 ? 0 : 0.4) + optimizer;
}

// The index the usual mistakes choose in `scores`, each with its diagnosis.
struct Chosen {
    std::size_t index;
    const Diagnosis* why;
};
std::vector<Chosen> mistaken_choices(const std::vector<double>& scores, bool maximize) {
    // a beats b: NaN never does and is always beaten; `or_equal` lets a tie win too.
    const auto beats = [](double a, double b, bool higher, bool or_equal) {
        if (std::isnan(a)) return false;
        if (std::isnan(b)) return true;
        return (higher ? a > b : a < b) || (or_equal && a == b);
    };
    std::size_t opposite = 0, last_tie = 0;
    for (std::size_t i = 1; i < scores.size(); ++i) {
        if (beats(scores[i], scores[opposite], !maximize, false)) opposite = i;
        if (beats(scores[i], scores[last_tie], maximize, true)) last_tie = i;
    }
    return {{opposite, maximize ? &kMinimisedAccuracy : &kMaximisedLoss}, {last_tie, &kLastTie}};
}

// Runs grid_search and checks both results; names the usual mistake when the best is wrong.
::testing::AssertionResult SearchFinds(const std::function<double(const HyperParameters&)>& score,
                                       const std::string& objective, std::size_t expected_best) {
    const Grid candidates = kSpace.combinations();
    const auto [scores, best] = exercise::grid_search(kSpace, score, objective);
    std::vector<double> expected_scores;
    for (const HyperParameters& hp : candidates) expected_scores.push_back(score(hp));
    const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    if (scores.size() != expected_scores.size() ||
        !std::equal(scores.begin(), scores.end(), expected_scores.begin(), same)) {
        auto failure = ::testing::AssertionFailure()
                       << "grid_search returned " << scores.size() << " scores, expected one for each of the "
                       << candidates.size() << " combinations, in grid order";
        if (scores.size() < candidates.size() && !scores.empty()) failure << "\n" << exercise_testing::diagnose(kSkipped);
        return failure;
    }
    if (best == expected_best) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure() << objective << ": best is combination " << best;
    if (best < scores.size()) failure << " (" << show(candidates[best]) << ", score " << scores[best] << ")";
    failure << ", expected " << expected_best << " (" << show(candidates[expected_best]) << ", score "
            << scores[expected_best] << ")";
    if (best < scores.size() && std::isnan(scores[best])) return failure << "\n" << exercise_testing::diagnose(kNaNChosen);
    for (const Chosen& c : mistaken_choices(scores, neurona::higher_is_better(objective)))
        if (best == c.index) return failure << "\n" << exercise_testing::diagnose(*c.why);
    return failure;
}

TEST(GridSearch, ScoresEveryCombinationOnceInOrder) {
    std::vector<HyperParameters> asked;
    const auto [scores, best] = exercise::grid_search(
        kSpace, [&](const HyperParameters& hp) { asked.push_back(hp); return val_loss(hp); }, "val_loss");
    EXPECT_TRUE(SameGrid(asked, kSpace.combinations())) << "the combinations score was called with";
    EXPECT_EQ(scores.size(), 54u);
}

TEST(GridSearch, MinimisesValLoss) {
    EXPECT_TRUE(SearchFinds(val_loss, "val_loss", 11));
}

TEST(GridSearch, MaximisesValAccuracy) {
    EXPECT_TRUE(SearchFinds([](const HyperParameters& hp) { return 1.0 - val_loss(hp) / 20; }, "val_accuracy", 11));
}

TEST(GridSearch, NaNScoresRankLast) {
    // As in chapter 3.11, plain SGD at 0.01 diverges: its trials score NaN, the first one included.
    const auto diverging = [](const HyperParameters& hp) {
        return hp.optimizer == "sgd" && hp.learning_rate == 1e-2 ? std::nan("") : val_loss(hp);
    };
    EXPECT_TRUE(SearchFinds(diverging, "val_loss", 11));
    EXPECT_TRUE(SearchFinds([&](const HyperParameters& hp) { return 1.0 - diverging(hp) / 20; }, "val_accuracy", 11));
}

TEST(GridSearch, EveryScoreNaNKeepsTheFirst) {
    EXPECT_TRUE(SearchFinds([](const HyperParameters&) { return std::nan(""); }, "val_loss", 0));
}

TEST(GridSearch, TiesKeepTheFirst) {
    // Only the learning rate and the optimizer matter: Adam at 0.001 scores 1.0 whatever the
    // layers and units, nine times; the first of them is combination 5.
    const auto tied = [](const HyperParameters& hp) {
        return (hp.learning_rate == 1e-3 ? 1.0 : 2.0) + (hp.optimizer == "adam" ? 0.0 : 1.0);
    };
    EXPECT_TRUE(SearchFinds(tied, "val_loss", 5));
    EXPECT_TRUE(SearchFinds([&](const HyperParameters& hp) { return 1.0 / tied(hp); }, "val_accuracy", 5));
}

TEST(GridSearch, ChoosesWhatTheLibraryGridSearchChooses) {
    // The library's GridSearch trains a small model per combination; its trials' scores then
    // stand in for the training, and both searches must pick the same combination.
    neurona::Rng rng(27);
    const neurona::Matrix X = rng.uniform_matrix(24, 2, -1, 1);
    neurona::Matrix y(24, 1);
    for (std::size_t i = 0; i < 24; ++i) y(i, 0) = 2 * X(i, 0) - X(i, 1) + 0.5f;
    const SearchSpace space{.hidden_layers = {0, 1}, .units = {4, 8}, .learning_rates = {1e-1, 1e-2},
                            .optimizers = {"sgd", "adam"}};
    neurona::set_global_seed(0);
    neurona::GridSearch tuner(neurona::mlp_builder({.inputs = 2, .outputs = 1}), space, "val_loss");
    tuner.search(X.slice_rows(0, 16), y.slice_rows(0, 16),
                 {.epochs = 5, .batch_size = 8, .verbose = 0,
                  .validation_data = {{X.slice_rows(16, 24), y.slice_rows(16, 24)}}});
    const std::vector<neurona::Trial> trials = tuner.results();
    const auto trained = [&](const HyperParameters& hp) {
        for (const neurona::Trial& t : trials)
            if (t.hyperparameters == hp) return t.score;
        return std::nan("");
    };
    const auto [scores, best] = exercise::grid_search(space, trained, "val_loss");
    const Grid candidates = space.combinations();
    ASSERT_LT(best, candidates.size()) << "best index out of range\n" << grid_diagnosis(exercise::grid(space), candidates);
    EXPECT_EQ(show(candidates[best]), show(tuner.best_hyperparameters()))
        << "the library's best trial scored " << tuner.best_trial().score << "; yours "
        << (best < scores.size() ? std::to_string(scores[best]) : "(no score: grid_search returned "
                                                                  + std::to_string(scores.size()) + " scores)");
}

}  // namespace

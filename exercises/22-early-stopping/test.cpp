// Exercise 22's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/callbacks.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::tuple<std::size_t, std::size_t, std::size_t> early_stopping(const std::vector<double>& val_loss,
                                                                 std::size_t patience, double min_delta,
                                                                 bool restore_best_weights);
}  // namespace exercise

namespace {

using Outcome = std::tuple<std::size_t, std::size_t, std::size_t>;  // epochs run, best epoch, weights epoch

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kLate{"se detiene una época tarde: hay que parar cuando las épocas sin mejora llegan a patience "
                  "(wait >= patience), no cuando lo superan",
                  "it stops one epoch late: stop when the epochs without improvement reach patience "
                  "(wait >= patience), not when they exceed it"};
const Diagnosis kEarly{"se detiene una época antes de tiempo: deben pasar patience épocas sin mejora, contadas "
                   "después de la mejor",
                   "it stops one epoch early: patience epochs without improvement must pass, counted after "
                   "the best one"};
const Diagnosis kNoMinDelta{"cualquier bajada cuenta como mejora: debe mejorar a la mejor en más de min_delta "
                        "(v + min_delta < best)",
                        "any decrease counts as an improvement: it must beat the best by more than min_delta "
                        "(v + min_delta < best)"};
const Diagnosis kWrongSign{"min_delta con el signo cambiado: v - min_delta < best acepta valores algo peores como "
                       "mejoras; lo correcto es v + min_delta < best",
                       "min_delta with the wrong sign: v - min_delta < best accepts slightly worse values as "
                       "improvements; the rule is v + min_delta < best"};
const Diagnosis kBestIsLast{"la mejor época se tomó como la última; es la de la última mejora",
                        "the best epoch was taken as the last epoch; it is the epoch of the last improvement"};
const Diagnosis kWeights{"los pesos finales no son los correctos: con restore_best_weights son los de la mejor "
                     "época, sin él los de la última",
                     "the final weights are the wrong ones: with restore_best_weights they are the best "
                     "epoch's, without it the last epoch's"};
const Diagnosis kNegativeMinDelta{"con min_delta negativo falla: Keras usa su valor absoluto, |min_delta|",
                              "a negative min_delta goes wrong: Keras uses its absolute value, |min_delta|"};
const Diagnosis kStub{"early_stopping todavía devuelve {0, 0, 0}, el valor del esqueleto: escríbela",
                  "early_stopping still returns the stub's {0, 0, 0}: write it"};

// The library's EarlyStopping, driven as fit drives it: after each epoch, on_epoch_end with
// that epoch's logs; a true answer ends training there.
Outcome library_rule(const std::vector<double>& val_loss, std::size_t patience, double min_delta, bool restore) {
    neurona::EarlyStopping callback({.monitor = "val_loss", .min_delta = min_delta, .patience = patience});
    neurona::Sequential model;  // not needed without restore_best_weights: the weights epoch is counted below
    callback.on_train_begin(model);
    std::size_t run = val_loss.size();
    for (std::size_t e = 0; e < val_loss.size(); ++e)
        if (callback.on_epoch_end(e, {{"val_loss", val_loss[e]}}, model)) {
            run = e + 1;
            break;
        }
    const std::size_t best = callback.best_epoch() + 1;  // the library counts from 0, as Keras
    return {run, best, restore ? best : run};
}

// The usual wrong rules, written out, so that a wrong answer can be named.
enum class Slip { Late, Early, NoMinDelta, WrongSign, BestIsLast, WeightsSwapped };

Outcome slipped_rule(const std::vector<double>& val_loss, std::size_t patience, double min_delta, bool restore,
                     Slip slip) {
    double best = std::numeric_limits<double>::infinity();
    std::size_t wait = 0, best_epoch = 0, run = val_loss.size();
    for (std::size_t e = 1; e <= val_loss.size(); ++e) {
        const double v = val_loss[e - 1];
        const bool improves = slip == Slip::NoMinDelta  ? v < best
                              : slip == Slip::WrongSign ? v - min_delta < best
                                                        : v + min_delta < best;
        ++wait;
        if (improves) {
            best = v, best_epoch = e, wait = 0;
            continue;
        }
        const bool stop = slip == Slip::Late ? wait > patience : slip == Slip::Early ? wait + 1 >= patience
                                                                                     : wait >= patience;
        if (stop && e > 1) {
            run = e;
            break;
        }
    }
    if (slip == Slip::BestIsLast) best_epoch = run;
    const bool restored = slip == Slip::WeightsSwapped ? !restore : restore;
    return {run, best_epoch, restored ? best_epoch : run};
}

std::string show(const Outcome& o) {
    std::ostringstream os;
    os << "epochs run " << std::get<0>(o) << ", best epoch " << std::get<1>(o) << ", weights of epoch "
       << std::get<2>(o);
    return os.str();
}

// Passes when the learner's outcome is the library's; otherwise names a usual mistake that
// gives the same outcome, if one does.
::testing::AssertionResult SameOutcome(const std::vector<double>& val_loss, std::size_t patience, double min_delta,
                                       bool restore) {
    const Outcome got = exercise::early_stopping(val_loss, patience, min_delta, restore);
    const Outcome expected = library_rule(val_loss, patience, min_delta, restore);
    if (got == expected) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure() << "patience " << patience << ", min_delta " << min_delta
                                                 << ", restore_best_weights " << (restore ? "true" : "false")
                                                 << ": got " << show(got) << "\nexpected " << show(expected);
    if (got == Outcome{0, 0, 0}) return failure << "\n" << exercise_testing::diagnose(kStub);
    for (const auto& [slip, words] : {std::pair<Slip, Diagnosis>{Slip::Late, kLate}, {Slip::Early, kEarly},
                                      {Slip::NoMinDelta, kNoMinDelta}, {Slip::WrongSign, kWrongSign},
                                      {Slip::BestIsLast, kBestIsLast}, {Slip::WeightsSwapped, kWeights}})
        if (got == slipped_rule(val_loss, patience, min_delta, restore, slip))
            return failure << "\n" << exercise_testing::diagnose(words);
    return failure;
}

TEST(EarlyStopping, StopsAfterPatienceEpochsWithoutImprovement) {
    // Best 0.6 at epoch 3; epochs 4, 5, 6 do not beat it: wait 1, 2, 3 = patience, stop after 6.
    const std::vector<double> v{1.0, 0.8, 0.6, 0.65, 0.7, 0.62, 0.75, 0.5};
    EXPECT_EQ(library_rule(v, 3, 0, false), (Outcome{6, 3, 6}));
    EXPECT_TRUE(SameOutcome(v, 3, 0, false));
    EXPECT_TRUE(SameOutcome(v, 3, 0, true)) << "restore_best_weights: the model ends with epoch 3's weights";
}

TEST(EarlyStopping, AnImprovementResetsTheWait) {
    // patience 2: epoch 4 waits 1, epoch 5 improves (wait 0), epochs 6 and 7 wait 1 and 2: stop after 7.
    const std::vector<double> v{1.0, 0.9, 0.8, 0.85, 0.7, 0.75, 0.72, 0.6};
    EXPECT_EQ(library_rule(v, 2, 0, false), (Outcome{7, 5, 7}));
    EXPECT_TRUE(SameOutcome(v, 2, 0, false));
    EXPECT_TRUE(SameOutcome(v, 2, 0, true));
}

TEST(EarlyStopping, RunsEveryEpochWhenItNeverStops) {
    // The wait never reaches 3; the best epoch is the last. With restore_best_weights the
    // weights are the best epoch's anyway (Keras 3 restores also when no stop happened).
    const std::vector<double> v{1.0, 0.9, 0.95, 0.97, 0.8, 0.85, 0.82};
    EXPECT_EQ(library_rule(v, 3, 0, true), (Outcome{7, 5, 5}));
    EXPECT_TRUE(SameOutcome(v, 3, 0, false));
    EXPECT_TRUE(SameOutcome(v, 3, 0, true));
}

TEST(EarlyStopping, PatienceZeroStopsAtTheFirstEpochWithoutImprovement) {
    const std::vector<double> v{0.5, 0.4, 0.45, 0.3};
    EXPECT_EQ(library_rule(v, 0, 0, false), (Outcome{3, 2, 3}));
    EXPECT_TRUE(SameOutcome(v, 0, 0, false));
}

TEST(EarlyStopping, AnImprovementMustBeatTheBestByMoreThanMinDelta) {
    // min_delta 0.01: after 0.8 (epoch 2), 0.795 and 0.804 are not improvements (0.795 + 0.01 is
    // not below 0.8), so epochs 3, 4, 5 wait 1, 2, 3 and training stops after epoch 5.
    const std::vector<double> v{1.0, 0.8, 0.795, 0.806, 0.804, 0.81};
    EXPECT_EQ(library_rule(v, 3, 0.01, false), (Outcome{5, 2, 5}));
    EXPECT_TRUE(SameOutcome(v, 3, 0.01, false));
    EXPECT_TRUE(SameOutcome(v, 3, 0.01, true));
}

TEST(EarlyStopping, SlightlyWorseValuesAreNotImprovements) {
    // min_delta 0.01: 0.805, 0.804, 0.803 are all worse than 0.8, whatever min_delta is:
    // stop after epoch 4 with patience 2, best epoch 2.
    const std::vector<double> v{1.0, 0.8, 0.805, 0.804, 0.803, 0.9};
    EXPECT_EQ(library_rule(v, 2, 0.01, false), (Outcome{4, 2, 4}));
    EXPECT_TRUE(SameOutcome(v, 2, 0.01, false));
    EXPECT_TRUE(SameOutcome(v, 2, 0.01, true));
}

TEST(EarlyStopping, UsesTheAbsoluteValueOfMinDelta) {
    // Keras ignores the sign of min_delta: -0.01 acts as 0.01.
    const std::vector<double> v{1.0, 0.8, 0.795, 0.806, 0.804, 0.81};
    const bool positive_right = exercise::early_stopping(v, 3, 0.01, false) == library_rule(v, 3, 0.01, false);
    EXPECT_TRUE(SameOutcome(v, 3, -0.01, false))
        << (positive_right ? exercise_testing::diagnose(kNegativeMinDelta) : "");
}

TEST(EarlyStopping, MatchesTheLibraryOnManyRandomCurves) {
    // Noisy curves that fall and then rise, like an overfitting network's validation loss.
    neurona::Rng rng(1);
    for (int curve = 0; curve < 200; ++curve) {
        const std::size_t epochs = 5 + rng.below(40), turn = rng.below(epochs);
        std::vector<double> v(epochs);
        for (std::size_t e = 0; e < epochs; ++e)
            v[e] = 1.0 + 0.02 * std::abs(double(e) - double(turn)) + rng.normal(0, 0.015);
        const std::size_t patience = rng.below(6);
        const double min_delta = rng.below(3) * 0.005;
        const bool restore = rng.below(2) == 1;
        const auto check = SameOutcome(v, patience, min_delta, restore);
        EXPECT_TRUE(check) << "curve " << curve;
        if (!check) break;  // one example is enough to act on
    }
}

TEST(EarlyStopping, AgreesWithTheLibraryOnTrainingThatStopped) {
    // A big network on 40 noisy moons overfits soon; the library's EarlyStopping (patience 5)
    // stops the fit. Given the val_loss of the epochs that ran, your rule must stop at the
    // same last epoch and name the same best epoch.
    const neurona::Dataset d = neurona::make_moons(240, 0.3, 2);
    const neurona::Matrix X_train = d.X.slice_rows(0, 40), y_train = d.y.slice_rows(0, 40);
    const neurona::Matrix X_val = d.X.slice_rows(40, 240), y_val = d.y.slice_rows(40, 240);
    neurona::set_global_seed(2);
    neurona::Sequential model;
    model.add(neurona::Dense(64, "relu", neurona::InputShape{2}));
    model.add(neurona::Dense(64, "relu"));
    model.add(neurona::Dense(1, "sigmoid"));
    model.compile("binary_crossentropy", "adam");
    neurona::EarlyStopping callback({.monitor = "val_loss", .patience = 5, .restore_best_weights = true});
    const neurona::History h = model.fit(X_train, y_train, {.epochs = 300, .batch_size = 8, .verbose = 0,
                                                            .validation_data = {{X_val, y_val}},
                                                            .callbacks = {&callback}});
    ASSERT_GT(callback.stopped_epoch(), 0u) << "the library's fit did not stop early; the test needs it to";
    const std::vector<double>& val_loss = h["val_loss"];
    const Outcome expected{val_loss.size(), callback.best_epoch() + 1, callback.best_epoch() + 1};
    EXPECT_EQ(library_rule(val_loss, 5, 0, true), expected);
    const Outcome got = exercise::early_stopping(val_loss, 5, 0, true);
    EXPECT_EQ(got, expected) << "got " << show(got) << ", expected " << show(expected) << "\n"
                             << SameOutcome(val_loss, 5, 0, true).message();
}

TEST(EarlyStopping, RejectsAnEmptyHistory) {
    EXPECT_THROW(exercise::early_stopping({}, 3, 0, false), std::invalid_argument);
}

}  // namespace

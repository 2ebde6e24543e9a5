// Exercise 14's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/data/preprocessing.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"

namespace exercise {
std::vector<double> train_circles(bool scale_inputs, double input_multiplier, std::size_t epochs);
}  // namespace exercise

namespace {

using namespace neurona;

constexpr std::size_t kEpochs = 30;  // the course's

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kScalerOnAllData{"el escalador se ajustó con todos los datos, también con las filas de prueba; se ajusta "
                             "solo con X_train, después de separar",
                             "the scaler was fitted on all the data, the test rows too; it is fitted on X_train only, "
                             "after the split"};
const Diagnosis kTestOwnStatistics{"X_test se estandarizó con sus propias estadísticas (otro fit); se transforma con el "
                               "escalador ajustado en X_train",
                               "X_test was standardized with its own statistics (another fit); it is transformed with "
                               "the scaler fitted on X_train"};
const Diagnosis kEvaluatedOnTrainingData{"se evaluó con los datos de entrenamiento; el resultado del experimento es "
                                     "evaluate(X_test, y_test)",
                                     "it was evaluated on the training data; the experiment's result is "
                                     "evaluate(X_test, y_test)"};
const Diagnosis kDefaultBatchSize{"fit usó el tamaño de lote por defecto (32); el curso entrena con batch_size = 5",
                              "fit used the default batch size (32); the course trains with batch_size = 5"};

// The README's steps 1-7, and the usual mistakes, each changing one step.
enum class Variant { Right, ScalerOnAllData, TestOwnStatistics, EvaluatedOnTrainingData, DefaultBatchSize };
const std::pair<Variant, Diagnosis> kVariants[] = {{Variant::ScalerOnAllData, kScalerOnAllData},
                                               {Variant::TestOwnStatistics, kTestOwnStatistics},
                                               {Variant::EvaluatedOnTrainingData, kEvaluatedOnTrainingData},
                                               {Variant::DefaultBatchSize, kDefaultBatchSize}};

// The test's own run of the README's steps 1-7, with the same seeds (or a usual mistake's).
std::vector<double> reference_run(bool scale_inputs, double input_multiplier, std::size_t epochs,
                                  Variant v = Variant::Right) {
    const Dataset d = make_circles(1000, 0.3, 0.07, 0);
    const Matrix X = d.X * static_cast<Scalar>(input_multiplier);
    Split s = train_test_split(X, d.y, 0.2, 0);
    if (scale_inputs) {
        StandardScaler sc;
        sc.fit(v == Variant::ScalerOnAllData ? X : s.X_train);
        s.X_train = sc.transform(s.X_train);
        if (v == Variant::TestOwnStatistics) sc.fit(s.X_test);
        s.X_test = sc.transform(s.X_test);
    }
    set_global_seed(0);
    Sequential model;
    model.add(Dense(4, "tanh", InputShape{2}));
    model.add(Dense(2, "tanh"));
    model.add(Dense(1, "sigmoid"));
    model.compile("binary_crossentropy", "sgd", {"accuracy"});
    FitOptions options{.epochs = epochs, .batch_size = 5, .verbose = 0};
    if (v == Variant::DefaultBatchSize) options.batch_size = FitOptions{}.batch_size;
    model.fit(s.X_train, s.y_train, options);
    return v == Variant::EvaluatedOnTrainingData ? model.evaluate(s.X_train, s.y_train, 32, 0)
                                                 : model.evaluate(s.X_test, s.y_test, 32, 0);
}

// The learner's run, once per setting, printed so that `make exercise N=14` shows the
// measurement.
std::vector<double> learner_run(bool scale_inputs, double input_multiplier) {
    static std::map<std::pair<bool, double>, std::vector<double>> runs;
    const auto key = std::pair{scale_inputs, input_multiplier};
    if (!runs.contains(key)) {
        const std::vector<double> r = exercise::train_circles(scale_inputs, input_multiplier, kEpochs);
        std::printf("  inputs x %-4g %-8s -> test loss %.4f, test accuracy %.4f\n", input_multiplier,
                    scale_inputs ? "scaled" : "unscaled", r.size() > 0 ? r[0] : NAN, r.size() > 1 ? r[1] : NAN);
        runs[key] = r;
    }
    return runs[key];
}

// Same seeds and the same library: the same numbers, up to float rounding.
constexpr double kLossTolerance = 1e-4, kAccuracyTolerance = 1e-6;

TEST(ScalingExperiment, YourNumbersAreTheMeasuredOnes) {
    for (double multiplier : {1.0, 100.0})
        for (bool scaled : {true, false}) {
            const std::vector<double> mine = learner_run(scaled, multiplier);
            const std::vector<double> expected = reference_run(scaled, multiplier, kEpochs);
            ASSERT_EQ(mine.size(), 2u) << "{loss, accuracy}, as evaluate returns them";
            // When your numbers are not the expected ones, the usual mistakes whose run gives
            // both of them (run only then: each is a training of its own).
            std::vector<exercise_testing::ScalarMistake> loss_known, accuracy_known;
            const bool same = std::abs(mine[0] - expected[0]) <= kLossTolerance &&
                              std::abs(mine[1] - expected[1]) <= kAccuracyTolerance;
            for (const auto& [variant, words] : kVariants) {
                if (same) break;
                const std::vector<double> r = reference_run(scaled, multiplier, kEpochs, variant);
                if (std::abs(mine[0] - r[0]) <= kLossTolerance && std::abs(mine[1] - r[1]) <= kAccuracyTolerance) {
                    loss_known.push_back({r[0], words.es, words.en});
                    accuracy_known.push_back({r[1], words.es, words.en});
                }
            }
            EXPECT_TRUE(exercise_testing::near(mine[0], expected[0], kLossTolerance, loss_known))
                << "loss, x " << multiplier << (scaled ? " scaled" : " unscaled");
            EXPECT_TRUE(exercise_testing::near(mine[1], expected[1], kAccuracyTolerance, accuracy_known))
                << "accuracy, x " << multiplier << (scaled ? " scaled" : " unscaled");
        }
}

TEST(ScalingExperiment, InUnitsOneHundredTimesLargerOnlyTheScaledNetworkLearns) {
    const std::vector<double> scaled = learner_run(true, 100), unscaled = learner_run(false, 100);
    ASSERT_EQ(scaled.size(), 2u);
    ASSERT_EQ(unscaled.size(), 2u);
    EXPECT_GE(scaled[1], 0.95) << "scaled accuracy";
    EXPECT_LE(unscaled[1], 0.6) << "unscaled accuracy: no better than a coin";
    EXPECT_NEAR(unscaled[0], std::log(2.0), 0.05) << "unscaled loss: about ln 2, the loss of always answering 0.5";
    EXPECT_LT(scaled[0], 0.5 * unscaled[0]) << "loss";
}

TEST(ScalingExperiment, OnTheDataOfTheCourseScalingStillHelps) {
    const std::vector<double> scaled = learner_run(true, 1), unscaled = learner_run(false, 1);
    ASSERT_EQ(scaled.size(), 2u);
    ASSERT_EQ(unscaled.size(), 2u);
    EXPECT_GT(scaled[1], unscaled[1]) << "accuracy";
    EXPECT_LT(scaled[0], unscaled[0]) << "loss";
}

TEST(ScalingExperiment, TheScaledRunDoesNotCareAboutTheUnits) {
    const std::vector<double> x1 = learner_run(true, 1), x100 = learner_run(true, 100);
    ASSERT_EQ(x1.size(), 2u);
    ASSERT_EQ(x100.size(), 2u);
    // Standardizing removes the factor; what is left is float rounding, amplified a little by
    // 30 epochs of training.
    EXPECT_NEAR(x1[0], x100[0], 1e-3) << "loss";
    EXPECT_NEAR(x1[1], x100[1], 0.01) << "accuracy";
    EXPECT_GE(x1[1], 0.95) << "and both learn";
}

}  // namespace

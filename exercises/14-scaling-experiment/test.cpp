// Exercise 14's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <utility>
#include <vector>

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

// The test's own run of the README's steps 1-7, with the same seeds.
std::vector<double> reference_run(bool scale_inputs, double input_multiplier, std::size_t epochs) {
    const Dataset d = make_circles(1000, 0.3, 0.07, 0);
    Split s = train_test_split(d.X * static_cast<Scalar>(input_multiplier), d.y, 0.2, 0);
    if (scale_inputs) {
        StandardScaler sc;
        sc.fit(s.X_train);
        s.X_train = sc.transform(s.X_train);
        s.X_test = sc.transform(s.X_test);
    }
    set_global_seed(0);
    Sequential model;
    model.add(Dense(4, "tanh", InputShape{2}));
    model.add(Dense(2, "tanh"));
    model.add(Dense(1, "sigmoid"));
    model.compile("binary_crossentropy", "sgd", {"accuracy"});
    model.fit(s.X_train, s.y_train, {.epochs = epochs, .batch_size = 5, .verbose = 0});
    return model.evaluate(s.X_test, s.y_test, 32, 0);
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

TEST(ScalingExperiment, YourNumbersAreTheMeasuredOnes) {
    for (double multiplier : {1.0, 100.0})
        for (bool scaled : {true, false}) {
            const std::vector<double> mine = learner_run(scaled, multiplier);
            const std::vector<double> expected = reference_run(scaled, multiplier, kEpochs);
            ASSERT_EQ(mine.size(), 2u) << "{loss, accuracy}, as evaluate returns them";
            // Same seeds and the same library: the same numbers, up to float rounding.
            EXPECT_NEAR(mine[0], expected[0], 1e-4) << "loss, x " << multiplier << (scaled ? " scaled" : " unscaled");
            EXPECT_NEAR(mine[1], expected[1], 1e-6) << "accuracy, x " << multiplier << (scaled ? " scaled" : " unscaled");
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

TEST(ScalingExperiment, OnTheCoursesDataScalingStillHelps) {
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

// EarlyStopping and TerminateOnNaN, with hand-made sequences of values fed to the hooks
// and inside real fits; and the regression metrics' series in History.
#include "neurona/callbacks.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

using namespace neurona;
using ::testing::internal::CaptureStdout;
using ::testing::internal::GetCapturedStdout;

namespace {

Sequential tiny_model() {
    Sequential model;
    model.add(Dense(2, "linear", InputShape{1}));
    model.compile("mse", "sgd");
    return model;
}

// Runs `values` through the callback as one value of `key` per epoch, giving the model
// weights that record the epoch (every weight = epoch + 1), as fit would. Returns the
// number of epochs run: the one at which the callback asked to stop, plus one.
std::size_t run_epochs(EarlyStopping& callback, Sequential& model, const std::string& key,
                       const std::vector<double>& values) {
    callback.on_train_begin(model);
    std::size_t epoch = 0;
    for (; epoch < values.size(); ++epoch) {
        model.set_weights({Matrix(1, 2, static_cast<Scalar>(epoch + 1)), Matrix(1, 2, static_cast<Scalar>(-1.0 * epoch))});
        if (callback.on_epoch_end(epoch, {{key, values[epoch]}, {"loss", 0}}, model)) {
            ++epoch;
            break;
        }
    }
    callback.on_train_end(model);
    return epoch;
}

}  // namespace

TEST(EarlyStopping, KerasDefaults) {
    const EarlyStopping early;
    EXPECT_EQ(early.options().monitor, "val_loss");
    EXPECT_EQ(early.options().min_delta, 0.0);
    EXPECT_EQ(early.options().patience, 0u);
    EXPECT_EQ(early.options().mode, "auto");
    EXPECT_FALSE(early.options().restore_best_weights);
}

TEST(EarlyStopping, CountsPatienceEpochsWithoutImprovement) {
    Sequential model = tiny_model();
    EarlyStopping early({.patience = 2});
    // Best at epoch 1 (0.9); epochs 2 and 3 do not improve: the wait reaches 2 at epoch 3.
    EXPECT_EQ(run_epochs(early, model, "val_loss", {1.0, 0.9, 0.95, 0.91, 0.5, 0.4}), 4u);
    EXPECT_EQ(early.stopped_epoch(), 3u);
    EXPECT_EQ(early.best_epoch(), 1u);
    EXPECT_DOUBLE_EQ(early.best(), 0.9);
    // An improvement restarts the wait: 0.85 at epoch 3 resets it, so 5 is where it stops.
    EXPECT_EQ(run_epochs(early, model, "val_loss", {1.0, 0.9, 0.95, 0.85, 0.9, 0.9, 0.1}), 6u);
    EXPECT_EQ(early.stopped_epoch(), 5u);
    // Patience 0 stops at the first epoch without improvement, never at epoch 0.
    EarlyStopping impatient;
    EXPECT_EQ(run_epochs(impatient, model, "val_loss", {1.0, 0.8, 0.8, 0.1}), 3u);
    // Steady improvement never stops.
    EXPECT_EQ(run_epochs(early, model, "val_loss", {5, 4, 3, 2, 1}), 5u);
    EXPECT_EQ(early.stopped_epoch(), 0u);
}

TEST(EarlyStopping, MinDeltaIsTheSmallestImprovementThatCounts) {
    Sequential model = tiny_model();
    EarlyStopping coarse({.monitor = "loss", .min_delta = 0.1, .patience = 1});
    // 0.95 and 0.92 improve on 1.0 by less than 0.1: the wait starts at epoch 1.
    EXPECT_EQ(run_epochs(coarse, model, "loss", {1.0, 0.95, 0.92, 0.5}), 2u);
    EXPECT_DOUBLE_EQ(coarse.best(), 1.0);
    EarlyStopping fine({.monitor = "loss", .min_delta = 0.01, .patience = 1});
    EXPECT_EQ(run_epochs(fine, model, "loss", {1.0, 0.95, 0.92, 0.5}), 4u);
    // The sign of min_delta does not matter (Keras takes its absolute value).
    EarlyStopping negative({.monitor = "loss", .min_delta = -0.1, .patience = 1});
    EXPECT_EQ(run_epochs(negative, model, "loss", {1.0, 0.95, 0.92, 0.5}), 2u);
}

TEST(EarlyStopping, ModeMaxForAccuracies) {
    Sequential model = tiny_model();
    EarlyStopping early({.monitor = "val_accuracy", .patience = 1});  // auto: higher is better
    EXPECT_EQ(run_epochs(early, model, "val_accuracy", {0.5, 0.7, 0.6, 0.9}), 3u);
    EXPECT_DOUBLE_EQ(early.best(), 0.7);
    EarlyStopping forced({.monitor = "val_loss", .patience = 1, .mode = "max"});
    EXPECT_EQ(run_epochs(forced, model, "val_loss", {0.5, 0.7, 0.6, 0.9}), 3u);
    EXPECT_THROW(EarlyStopping({.mode = "lowest"}), std::invalid_argument);
    EXPECT_THROW(EarlyStopping({.monitor = "val_f1"}), std::invalid_argument);
    EXPECT_NO_THROW(EarlyStopping({.monitor = "val_f1", .mode = "max"}));
}

TEST(EarlyStopping, RestoresTheBestEpochsWeightsExactly) {
    Sequential model = tiny_model();
    EarlyStopping early({.patience = 2, .verbose = 1, .restore_best_weights = true});
    CaptureStdout();
    EXPECT_EQ(run_epochs(early, model, "val_loss", {1.0, 0.5, 0.7, 0.6, 0.1}), 4u);
    const std::string out = GetCapturedStdout();
    EXPECT_NE(out.find("Epoch 4: early stopping"), std::string::npos) << out;
    EXPECT_NE(out.find("Restoring model weights from the end of the best epoch: 2."), std::string::npos) << out;
    // The weights run_epochs gave at epoch 1: W = 2, b = -1 (not epoch 3's W = 4, b = -3).
    const auto w = model.get_weights();
    EXPECT_TRUE(allclose(w[0], Matrix(1, 2, 2), 0, 0));
    EXPECT_TRUE(allclose(w[1], Matrix(1, 2, -1), 0, 0));
    // Without restore_best_weights the last weights stay.
    EarlyStopping keep({.patience = 2});
    run_epochs(keep, model, "val_loss", {1.0, 0.5, 0.7, 0.6, 0.1});
    EXPECT_TRUE(allclose(model.get_weights()[0], Matrix(1, 2, 4), 0, 0));
}

TEST(EarlyStopping, MissingMonitorIsAnErrorNotASilentNoOp) {
    Sequential model = tiny_model();
    EarlyStopping early;  // val_loss
    early.on_train_begin(model);
    try {
        early.on_epoch_end(0, {{"loss", 1.0}, {"mae", 0.5}}, model);
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("loss, mae"), std::string::npos) << e.what();
    }
}

TEST(EarlyStopping, InFitHistoryHasTheEpochsRunAndTheBestWeightsComeBack) {
    // A callback that copies the weights at the end of every epoch, to compare with.
    struct Recorder : Callback {
        std::vector<std::vector<Matrix>> weights;
        bool on_epoch_end(std::size_t, const Logs&, Sequential& model) override {
            weights.push_back(model.get_weights());
            return false;
        }
    };
    set_global_seed(3);
    Sequential model;
    model.add(Dense(3, "tanh", InputShape{2}));
    model.add(Dense(1));
    model.compile("mse", SGD(0.05));
    Rng rng(1);
    const Matrix X = rng.uniform_matrix(32, 2, -1, 1), y = rng.uniform_matrix(32, 1, -1, 1);
    // A min_delta no epoch can reach: epoch 0 is the best, and patience 2 stops at epoch 2.
    Recorder recorder;
    EarlyStopping early({.monitor = "loss", .min_delta = 1e9, .patience = 2, .restore_best_weights = true});
    const History h = model.fit(X, y, {.epochs = 50, .batch_size = 8, .verbose = 0, .callbacks = {&recorder, &early}});
    EXPECT_EQ(h.epoch, (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_EQ(h["loss"].size(), 3u);
    EXPECT_EQ(early.stopped_epoch(), 2u);
    ASSERT_EQ(recorder.weights.size(), 3u);
    const auto w = model.get_weights();
    for (std::size_t i = 0; i < w.size(); ++i) EXPECT_TRUE(allclose(w[i], recorder.weights[0][i], 0, 0)) << i;
    EXPECT_FALSE(allclose(recorder.weights[2][0], recorder.weights[0][0], 0, 0));
}

TEST(TerminateOnNaN, StopsGracefullyWithKerasMessage) {
    Sequential model;
    model.add(Dense(1, "linear", InputShape{1}));
    model.compile("mse", "sgd");
    // Row 5's input is huge (finite: fit refuses NaN and inf inputs): without shuffling,
    // batch 2 (rows 4-5) of the first epoch squares 0.5 * 1e30 and its loss overflows to inf.
    Matrix X(8, 1, 1), y(8, 1, 0);
    X(5, 0) = 1e30f;
    const FitOptions options{.epochs = 5, .batch_size = 2, .verbose = 0, .shuffle = false};
    EXPECT_THROW(model.fit(X, y, options), std::runtime_error);  // the default: an error

    // What the two good batches (rows 0-3) do from the same start: the weights it must stop with.
    const std::vector<Matrix> after_two_batches = [&] {
        Sequential reference;
        reference.add(Dense(1, "linear", InputShape{1}));
        reference.compile("mse", "sgd");
        reference.set_weights({Matrix{{0.5}}, Matrix{{0}}});
        reference.fit(X.slice_rows(0, 4), y.slice_rows(0, 4), {.epochs = 1, .batch_size = 2, .verbose = 0, .shuffle = false});
        return reference.get_weights();
    }();
    model.set_weights({Matrix{{0.5}}, Matrix{{0}}});
    TerminateOnNaN guard;
    FitOptions with_guard = options;
    with_guard.callbacks = {&guard};
    CaptureStdout();
    const History h = model.fit(X, y, with_guard);
    const std::string out = GetCapturedStdout();
    EXPECT_EQ(out, "Batch 2: Invalid loss, terminating training\n");
    EXPECT_TRUE(guard.terminated());
    EXPECT_EQ(h.epoch, (std::vector<std::size_t>{0}));  // the epoch it stopped in is recorded
    EXPECT_FALSE(std::isfinite(h["loss"][0]));
    // The bad batch's step was not applied: the weights are those after batches 0 and 1.
    const auto w = model.get_weights();
    for (std::size_t i = 0; i < w.size(); ++i) EXPECT_TRUE(allclose(w[i], after_two_batches[i], 0, 0)) << i;
}

TEST(TerminateOnNaN, TheProgressLineShowsTheBatchItStoppedAt) {
    // Four batches of two; batch 2 (rows 4-5) has an infinite loss, so training stops after
    // 3 of the 4 batches, and the epoch's line says 3/4, not 4/4.
    Sequential model;
    model.add(Dense(1, "linear", InputShape{1}));
    model.compile("mse", "sgd");
    Matrix X(8, 1, 1), y(8, 1, 0);
    X(5, 0) = 1e30f;
    TerminateOnNaN guard;
    for (int verbose : {1, 2}) {
        model.set_weights({Matrix{{0.5}}, Matrix{{0}}});
        CaptureStdout();
        model.fit(X, y, {.epochs = 5, .batch_size = 2, .verbose = verbose, .shuffle = false, .callbacks = {&guard}});
        const std::string out = GetCapturedStdout();
        // verbose 1, as Keras draws 3 of 4 steps: int(30 * 3 / 4) = 22 characters of bar, the
        // last a '>': "3/4 [=====================>........] - 0s 40us/step - loss: inf";
        // verbose 2: "3/4 - 0s - loss: inf - 0ms/epoch - 40us/step".
        const std::string stopped = verbose == 1 ? "3/4 [=====================>........] - " : "3/4 - ";
        EXPECT_EQ(out.rfind("Epoch 1/5\nBatch 2: Invalid loss, terminating training\n" + stopped, 0), 0u)
            << "verbose " << verbose << ":\n" << out;
        EXPECT_NE(out.find(" - loss: inf"), std::string::npos) << out;
        EXPECT_EQ(out.find("4/4"), std::string::npos) << out;
        EXPECT_EQ(out.find("Epoch 2/5"), std::string::npos) << out;
    }
}

TEST(History, RegressionMetricsHaveTheirSeries) {
    set_global_seed(2);
    Sequential model;
    model.add(Dense(4, "relu", InputShape{3}));
    model.add(Dense(1));
    model.compile("mse", "adam", {"mae", "RootMeanSquaredError"});
    Rng rng(4);
    const Matrix X = rng.uniform_matrix(40, 3, -1, 1), y = rng.uniform_matrix(40, 1, -1, 1);
    const History h = model.fit(X, y, {.epochs = 3, .verbose = 0, .validation_split = 0.25});
    for (const char* key : {"loss", "mae", "root_mean_squared_error", "val_loss", "val_mae",
                            "val_root_mean_squared_error"})
        EXPECT_EQ(h[key].size(), 3u) << key;
    // Keras's RootMeanSquaredError on the validation data is sqrt of its mse (the loss).
    EXPECT_NEAR(h["val_root_mean_squared_error"][2], std::sqrt(h["val_loss"][2]), 1e-5);
    const auto values = model.evaluate(X, y, 64, 0);  // one batch: rmse = sqrt(mse) exactly
    ASSERT_EQ(values.size(), 3u);
    EXPECT_NEAR(values[2], std::sqrt(values[0]), 1e-5);
}

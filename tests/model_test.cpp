#include "neurona/model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <sstream>
#include <unistd.h>

#include "neurona/activations.hpp"
#include "neurona/callbacks.hpp"
#include "neurona/data/preprocessing.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/dropout.hpp"
#include "neurona/layers/flatten.hpp"
#include "neurona/losses.hpp"
#include "neurona/matmul.hpp"
#include "neurona/random.hpp"
#include "support.hpp"

using namespace neurona;

namespace {
Sequential circles_model() {
    Sequential model;
    model.add(Dense(4, "tanh", InputShape{2}));
    model.add(Dense(2, "tanh"));
    model.add(Dense(1, "sigmoid"));
    return model;
}

// Captures std::cout while `f` runs.
template <class F>
std::string captured_stdout(F&& f) {
    std::ostringstream out;
    auto* old = std::cout.rdbuf(out.rdbuf());
    f();
    std::cout.rdbuf(old);
    return out.str();
}

// The MNIST scenario in small: 784 pixels in [0, 1], labels 0-9, one relu layer.
Matrix pixels(std::size_t n) { return Rng(7).uniform_matrix(n, 784, 0, 1); }
Matrix digits(std::size_t n) {
    Matrix y(n, 1);
    for (std::size_t i = 0; i < n; ++i) y(i, 0) = static_cast<Scalar>(i % 10);
    return y;
}
Sequential mnist_like_model() {
    Sequential model;
    model.add(Dense(16, "relu", InputShape{784}));
    model.add(Dense(10, "softmax"));
    model.compile("sparse_categorical_crossentropy", "adam", {"accuracy"});
    return model;
}
}  // namespace

TEST(Sequential, SummaryIsKerasTable) {
    clear_session();
    Sequential model = circles_model();
    std::ostringstream out;
    model.summary(out);
    const std::string blank(65, ' ');
    const std::string expected =
        "Model: \"sequential\"\n" + std::string(65, '_') + "\n" +
        " Layer (type)                Output Shape              Param #   \n" + std::string(65, '=') + "\n" +
        " dense (Dense)               (None, 4)                 12        \n" + blank + "\n" +
        " dense_1 (Dense)             (None, 2)                 10        \n" + blank + "\n" +
        " dense_2 (Dense)             (None, 1)                 3         \n" + blank + "\n" +
        std::string(65, '=') + "\nTotal params: 25\nTrainable params: 25\nNon-trainable params: 0\n" +
        std::string(65, '_') + "\n";
    EXPECT_EQ(out.str(), expected);
    // A second model continues Keras's counters; clear_session resets them.
    Sequential second = circles_model();
    EXPECT_EQ(second.name(), "sequential_1");
    EXPECT_EQ(second.layer(0).name(), "dense_3");
    clear_session();
    EXPECT_EQ(circles_model().layer(2).name(), "dense_2");
}

TEST(Sequential, MnistSummaryCountsAndThousands) {
    clear_session();
    Sequential model;
    model.add(Flatten(InputShape{28, 28}));
    model.add(Dense(512, "relu"));
    model.add(Dropout(0.2));
    model.add(Dense(10, "softmax"));
    std::ostringstream out;
    model.summary(out);
    EXPECT_NE(out.str().find(" flatten (Flatten)           (None, 784)               0 "), std::string::npos) << out.str();
    EXPECT_NE(out.str().find(" dropout (Dropout)           (None, 512)               0 "), std::string::npos);
    EXPECT_NE(out.str().find("Total params: 407,050\n"), std::string::npos);
    EXPECT_EQ(model.count_params(), 784u * 512 + 512 + 512 * 10 + 10);
}

TEST(Sequential, UnknownNamesListTheKnownOnes) {
    Sequential model = circles_model();
    try {
        model.compile("binary_crossentropi", "sgd", {"accuracy"});
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("binary_crossentropy"), std::string::npos) << e.what();
    }
    EXPECT_THROW(model.compile("mse", "sgdd"), std::invalid_argument);
    EXPECT_THROW(model.compile("mse", "sgd", {"acuracy"}), std::invalid_argument);
    EXPECT_THROW(model.fit(Matrix(4, 2), Matrix(4, 1)), std::logic_error);  // not compiled
}

TEST(Sequential, BadDataIsAClearError) {
    Sequential model = circles_model();
    model.compile("binary_crossentropy", "sgd");
    EXPECT_THROW(model.fit(Matrix(4, 2), Matrix(3, 1)), std::invalid_argument);
    try {
        model.predict(Matrix(4, 3));
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("(4, 3)"), std::string::npos) << e.what();
    }
    EXPECT_THROW(model.fit(Matrix(4, 2), Matrix(4, 1), {.validation_split = 1.0}), std::invalid_argument);
}

TEST(Sequential, FitReturnsKerasHistoryAndPrintsTheProgressLine) {
    set_global_seed(1);
    Sequential model = circles_model();
    model.compile("binary_crossentropy", "sgd", {"accuracy"});
    const Dataset d = make_circles(100, 0.3, 0.07, 0);
    History h;
    const std::string printed = captured_stdout([&] {
        h = model.fit(d.X, d.y, {.epochs = 3, .batch_size = 5, .verbose = 1, .validation_split = 0.2});
    });
    EXPECT_EQ(h.params.at("steps"), 16u);  // 80 training samples / 5
    EXPECT_EQ(h.params.at("epochs"), 3u);
    EXPECT_EQ(h.epoch, (std::vector<std::size_t>{0, 1, 2}));
    for (const char* key : {"loss", "accuracy", "val_loss", "val_accuracy"}) EXPECT_EQ(h[key].size(), 3u) << key;
    EXPECT_THROW(h["mae"], std::out_of_range);
    // "Epoch 1/3\n16/16 [==============================] - 0s 1ms/step - loss: 0.6810 - accuracy: ..."
    EXPECT_EQ(printed.rfind("Epoch 1/3\n16/16 [==============================] - ", 0), 0u) << printed;
    char expected_tail[128];
    std::snprintf(expected_tail, sizeof expected_tail, " - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f\n",
                  h["loss"][2], h["accuracy"][2], h["val_loss"][2], h["val_accuracy"][2]);
    EXPECT_NE(printed.find(std::string("step") + expected_tail), std::string::npos) << printed;
    // The val_* numbers are evaluate()'s on the held-out last 20 samples.
    const auto val = model.evaluate(d.X.slice_rows(80, 100), d.y.slice_rows(80, 100), 32, 0);
    EXPECT_NEAR(val[0], h["val_loss"][2], 1e-6);
    EXPECT_NEAR(val[1], h["val_accuracy"][2], 1e-6);
}

TEST(Sequential, CirclesNetworkOfTheCourseReaches97Percent) {
    // Course file 001: make_circles(1000, factor 0.3, noise 0.07), 80/20 split, scaled,
    // 2-4-2-1 tanh/tanh/sigmoid, sgd, binary_crossentropy, batch 5, 60 epochs.
    set_global_seed(0);
    const Dataset d = make_circles(1000, 0.3, 0.07, 0);
    Split s = train_test_split(d.X, d.y, 0.2, 0);
    StandardScaler sc;
    sc.fit(s.X_train);
    const Matrix X_train = sc.transform(s.X_train), X_test = sc.transform(s.X_test);
    Sequential model = circles_model();
    model.compile("binary_crossentropy", "sgd", {"accuracy"});
    model.fit(X_train, s.y_train, {.epochs = 60, .batch_size = 5, .verbose = 0});
    const auto result = model.evaluate(X_test, s.y_test, 32, 0);
    EXPECT_GE(result[1], 0.97) << "test loss " << result[0];
    EXPECT_EQ(model.count_params(), 25u);
    // predict agrees with evaluate's accuracy.
    const Matrix p = model.predict(X_test);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < p.rows(); ++i) correct += (p(i, 0) > 0.5) == (s.y_test(i, 0) == 1);
    EXPECT_NEAR(static_cast<double>(correct) / p.rows(), result[1], 1e-9);
}

TEST(Sequential, LearnsXor) {
    set_global_seed(4);
    const Matrix X{{0, 0}, {0, 1}, {1, 0}, {1, 1}}, y{{0}, {1}, {1}, {0}};
    Sequential model;
    model.add(Dense(4, "tanh", InputShape{2}));
    model.add(Dense(1, "sigmoid"));
    model.compile("binary_crossentropy", SGD({.learning_rate = 0.5, .momentum = 0.9}), {"accuracy"});
    model.fit(X, y, {.epochs = 300, .batch_size = 4, .verbose = 0});
    const Matrix p = model.predict(X);
    EXPECT_LT(p(0, 0), 0.2);
    EXPECT_GT(p(1, 0), 0.8);
    EXPECT_GT(p(2, 0), 0.8);
    EXPECT_LT(p(3, 0), 0.2);
}

TEST(Sequential, PredictInBatchesEqualsOneForward) {
    set_global_seed(2);
    Sequential model;
    model.add(Dense(7, "relu", InputShape{3}));
    model.add(Dense(2, "softmax"));
    Rng rng(5);
    const Matrix X = rng.uniform_matrix(70, 3, -1, 1);
    EXPECT_TRUE(allclose(model.predict(X, 8), model.forward(X, false), 0, 0));
}

TEST(Sequential, GetAndSetWeightsRoundTrip) {
    Sequential a = circles_model(), b = circles_model();
    const auto w = a.get_weights();
    ASSERT_EQ(w.size(), 6u);
    EXPECT_EQ(w[0].shape(), "(2, 4)");
    EXPECT_EQ(w[1].shape(), "(1, 4)");
    b.set_weights(w);
    const Matrix X{{0.1, 0.2}, {-1, 3}};
    EXPECT_TRUE(allclose(a.predict(X), b.predict(X), 0, 0));
    EXPECT_EQ(a.layers()[1]->get_weights()[0].shape(), "(4, 2)");
    EXPECT_THROW(b.set_weights({w[0]}), std::invalid_argument);
    EXPECT_THROW(a.layer(3), std::out_of_range);
}

TEST(Sequential, NanLossStopsTrainingWithAMessage) {
    Sequential model;
    model.add(Dense(1, "linear", InputShape{1}));
    model.compile("mse", SGD(1e6));
    const Matrix X{{1e3}, {-2e3}}, y{{1}, {2}};
    try {
        model.fit(X, y, {.epochs = 50, .batch_size = 2, .verbose = 0});
        FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("epoch"), std::string::npos) << e.what();
    }
}

TEST(Sequential, VerboseTwoPrintsOneShortLinePerEpoch) {
    set_global_seed(3);
    Sequential model = circles_model();
    model.compile("binary_crossentropy", "sgd", {"accuracy"});
    const Dataset d = make_circles(40, 0.3, 0.07, 1);
    History h;
    const std::string printed = captured_stdout([&] { h = model.fit(d.X, d.y, {.epochs = 2, .batch_size = 10, .verbose = 2}); });
    // Keras: "Epoch 1/2\n4/4 - 0s - loss: 0.7012 - accuracy: 0.5000 - 12ms/epoch - 3ms/step\n"
    char loss[64];
    std::snprintf(loss, sizeof loss, " - loss: %.4f - accuracy: %.4f - ", h["loss"][1], h["accuracy"][1]);
    EXPECT_EQ(printed.rfind("Epoch 1/2\n4/4 - 0s - loss: ", 0), 0u) << printed;
    EXPECT_NE(printed.find(std::string("Epoch 2/2\n4/4 - 0s") + loss), std::string::npos) << printed;
    EXPECT_NE(printed.find("ms/epoch - "), std::string::npos) << printed;
    EXPECT_EQ(std::count(printed.begin(), printed.end(), '\n'), 4);
    const std::string silent = captured_stdout([&] { model.fit(d.X, d.y, {.epochs = 2, .verbose = 0}); });
    EXPECT_EQ(silent, "");
}

TEST(Sequential, RmseOverAnEpochIsTheRootOfTheWholeMse) {
    // Keras's RootMeanSquaredError: sqrt(mean of every squared error), not the mean of the
    // batches' roots. Batches [0, 0] and [2, 2] against zero predictions: batch RMSEs are 0
    // and 2 (mean 1), while the epoch's RMSE is sqrt((0 + 0 + 4 + 4) / 4) = sqrt(2).
    Sequential model;
    model.add(Dense(1, "linear", InputShape{1}));
    model.set_weights({Matrix{{0}}, Matrix{{0}}});
    model.compile("mse", "sgd", {"RootMeanSquaredError", "mae"});
    const Matrix X{{1}, {1}, {1}, {1}}, y{{0}, {0}, {2}, {2}};
    const auto r = model.evaluate(X, y, 2, 0);
    EXPECT_NEAR(r[0], 2.0, 1e-6);             // mse
    EXPECT_NEAR(r[1], std::sqrt(2.0), 1e-6);  // rmse
    EXPECT_NEAR(r[2], 1.0, 1e-6);             // mae
}

TEST(Sequential, InputGradientOnlyAboveTrainableWeights) {
    // Flatten -> Dense -> Dropout -> Dense: only the layers above the first Dense need dA_prev.
    Sequential model;
    model.add(Flatten(InputShape{2, 2}));
    model.add(Dense(3, "relu"));
    model.add(Dropout(0.5));
    model.add(Dense(2));
    std::vector<bool> needs;
    for (Layer* l : model.layers()) needs.push_back(l->needs_input_gradient());
    EXPECT_EQ(needs, (std::vector<bool>{false, false, true, true}));
}

TEST(Sequential, SummaryKeepsASpaceAfterALongName) {
    clear_session();
    Sequential model;
    model.add(Dense(2, "linear", InputShape{3}));
    model.layer(0).set_name("a_rather_long_layer_name");  // " a_rather_long_layer_name (Dense)" is 33 wide
    std::ostringstream out;
    model.summary(out);
    EXPECT_NE(out.str().find(" a_rather_long_layer_name (Dense) (None, 2)"), std::string::npos) << out.str();
}

TEST(Sequential, AddKeepsTheWeightsOfABuiltLayer) {
    // A Dense given its weights before add() keeps them; one built for another width is refused.
    Dense first(2, "linear", InputShape{3});
    first.set_weights({Matrix(3, 2, 0.5), Matrix{{5, 5}}});
    Sequential model;
    model.add(std::move(first));
    EXPECT_TRUE(allclose(model.get_weights()[1], Matrix{{5, 5}}, 0, 0)) << model.get_weights()[1];
    Dense wrong(1);
    wrong.set_weights({Matrix(4, 1), Matrix(1, 1)});  // built for 4 inputs, the model gives 2
    EXPECT_THROW(model.add(std::move(wrong)), std::invalid_argument);
}

TEST(Sequential, SetWeightsIsAllOrNothing) {
    Sequential model = circles_model();
    const auto before = model.get_weights();
    auto bad = before;
    for (Matrix& w : bad) w.fill(7);
    bad.back() = Matrix(2, 2);  // the last bias has the wrong shape
    EXPECT_THROW(model.set_weights(bad), std::invalid_argument);
    const auto after = model.get_weights();
    for (std::size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(allclose(after[i], before[i], 0, 0)) << i;
}

TEST(Sequential, ValidationSplitCutsWhereKerasDoes) {
    // Keras splits at floor(n * (1 - split)): 10 samples with 0.25 give 7 to train on, 3 to
    // validate (not floor(10 * 0.25) = 2).
    Sequential model;
    model.add(Dense(1, "linear", InputShape{1}));
    model.compile("mse", "sgd");
    Matrix X(10, 1, 1), y(10, 1);
    const History h = model.fit(X, y, {.epochs = 1, .batch_size = 1, .verbose = 0, .validation_split = 0.25});
    EXPECT_EQ(h.params.at("steps"), 7u);
}

TEST(Sequential, NonFiniteInputsAreRefusedNamingRowAndColumn) {
    // One NaN pixel used to train into a broken model without a word (issue 13); now fit,
    // evaluate and predict refuse it before touching the model.
    set_global_seed(5);
    Sequential model = mnist_like_model();
    const std::vector<Matrix> before = model.get_weights();
    Matrix X = pixels(20);
    const Matrix y = digits(20);
    X(3, 17) = std::numeric_limits<Scalar>::quiet_NaN();
    const std::string fit = message_of<std::invalid_argument>([&] { model.fit(X, y, {.verbose = 0}); });
    EXPECT_NE(fit.find(".fit: X has NaN at row 3, column 17; inputs must be finite"), std::string::npos) << fit;
    const std::vector<Matrix> after = model.get_weights();
    for (std::size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(allclose(after[i], before[i], 0, 0)) << i;
    const std::string evaluate = message_of<std::invalid_argument>([&] { model.evaluate(X, y, 32, 0); });
    EXPECT_NE(evaluate.find(".evaluate: X has NaN at row 3, column 17; inputs must be finite"), std::string::npos)
        << evaluate;
    const std::string predict = message_of<std::invalid_argument>([&] { model.predict(X); });
    EXPECT_NE(predict.find(".predict: X has NaN at row 3, column 17; inputs must be finite"), std::string::npos)
        << predict;

    // Infinities are named with their sign; the targets are checked too.
    X(3, 17) = 0.5f;
    X(19, 783) = -std::numeric_limits<Scalar>::infinity();
    EXPECT_NE(message_of<std::invalid_argument>([&] { model.predict(X); })
                  .find(".predict: X has -inf at row 19, column 783; inputs must be finite"),
              std::string::npos);
    X(19, 783) = 0.5f;
    Matrix y_bad = y;
    y_bad(2, 0) = std::numeric_limits<Scalar>::infinity();
    EXPECT_NE(message_of<std::invalid_argument>([&] { model.fit(X, y_bad, {.verbose = 0}); })
                  .find(".fit: y has inf at row 2, column 0; targets must be finite"),
              std::string::npos);
    EXPECT_NE(message_of<std::invalid_argument>([&] { model.evaluate(X, y_bad, 32, 0); })
                  .find(".evaluate: y has inf at row 2, column 0; targets must be finite"),
              std::string::npos);

    // Validation data is checked before the first epoch, with its own rows and columns...
    Matrix X_val = pixels(4);
    X_val(1, 4) = std::numeric_limits<Scalar>::quiet_NaN();
    const std::string val = message_of<std::invalid_argument>(
        [&] { model.fit(X, y, {.epochs = 1, .verbose = 0, .validation_data = {{X_val, digits(4)}}}); });
    EXPECT_NE(val.find(".fit (validation_data): X has NaN at row 1, column 4; inputs must be finite"),
              std::string::npos) << val;
    // ... and validation_split's held-out rows are rows of X as given.
    X(18, 5) = std::numeric_limits<Scalar>::quiet_NaN();
    EXPECT_NE(message_of<std::invalid_argument>([&] { model.fit(X, y, {.verbose = 0, .validation_split = 0.25}); })
                  .find(".fit: X has NaN at row 18, column 5"),
              std::string::npos);
    const std::vector<Matrix> end = model.get_weights();
    for (std::size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(allclose(end[i], before[i], 0, 0)) << i;
}

TEST(Sequential, TheFirstNonFiniteValueIsNamedWhateverTheThreadCount) {
    // A large X is checked chunk by chunk over the pool: with two bad values in different
    // chunks (and a third later in the first bad chunk), the message names the first one, on
    // 1 and on 2 threads; a last value in a short last chunk is found too.
    set_global_seed(5);
    Sequential model = mnist_like_model();
    Matrix X = pixels(400);  // 400 x 784 values: four chunks of 4 * 16384 and a short fifth
    const Matrix y = digits(400);
    X(250, 3) = std::numeric_limits<Scalar>::infinity();
    X(250, 9) = std::numeric_limits<Scalar>::quiet_NaN();
    X(390, 100) = std::numeric_limits<Scalar>::quiet_NaN();
    const auto [one, two] = at_1_and_2_threads(
        [&] { return message_of<std::invalid_argument>([&] { model.predict(X); }); });
    EXPECT_NE(one.find(".predict: X has inf at row 250, column 3; inputs must be finite"), std::string::npos) << one;
    EXPECT_EQ(one, two);
    X(250, 3) = X(250, 9) = X(390, 100) = 0.5f;
    X(399, 783) = -std::numeric_limits<Scalar>::infinity();
    EXPECT_NE(message_of<std::invalid_argument>([&] { model.predict(X); })
                  .find(".predict: X has -inf at row 399, column 783"),
              std::string::npos);
}

TEST(Sequential, ANanInTheNetworkReachesTheLossInsteadOfHidingBehindRelu) {
    // What the NaN pixel of issue 13 did in its first step: row 17 of the first W became NaN.
    // From then on every Z of that layer is NaN (even a 0 pixel gives 0 * NaN = NaN). relu
    // turned them into 0, so every prediction was softmax(b2), the loss a finite ln 10 = 2.30,
    // TerminateOnNaN never fired and accuracy fell to chance. Now the NaN shows everywhere.
    set_global_seed(5);
    Sequential model = mnist_like_model();
    std::vector<Matrix> w = model.get_weights();
    for (std::size_t j = 0; j < w[0].cols(); ++j) w[0](17, j) = std::numeric_limits<Scalar>::quiet_NaN();
    model.set_weights(w);
    const Matrix X = pixels(20), y = digits(20);

    const Matrix Y_hat = model.predict(X);
    EXPECT_EQ(std::count_if(Y_hat.data(), Y_hat.data() + Y_hat.size(), [](Scalar p) { return std::isnan(p); }),
              static_cast<std::ptrdiff_t>(Y_hat.size()));
    const double loss = model.evaluate(X, y, 32, 0)[0];
    EXPECT_TRUE(std::isnan(loss)) << loss;  // not 2.30
    TerminateOnNaN guard;
    History h;
    const std::string printed = captured_stdout(
        [&] { h = model.fit(X, y, {.epochs = 3, .batch_size = 10, .verbose = 0, .callbacks = {&guard}}); });
    EXPECT_TRUE(guard.terminated());
    EXPECT_EQ(printed, "Batch 0: Invalid loss, terminating training\n");
    EXPECT_EQ(h.epoch, (std::vector<std::size_t>{0}));
    EXPECT_TRUE(std::isnan(h["loss"][0]));
}

TEST(Sequential, EmptyDataIsRefusedWithItsShape) {
    // No samples, or samples of no feature: fit and evaluate say so, with the shape (fit on
    // (4, 0) trained a model of nothing without a word).
    Sequential model;
    model.add(Dense(2, "relu"));
    model.compile("mse", "sgd");
    const auto message = [](auto f) { return message_of<std::invalid_argument>(f); };
    const std::string none = message([&] { model.fit(Matrix(0, 3), Matrix(0, 2), {.verbose = 0}); });
    EXPECT_NE(none.find(".fit: no samples (X is (0, 3))"), std::string::npos) << none;
    const std::string flat = message([&] { model.fit(Matrix(4, 0), Matrix(4, 2), {.verbose = 0}); });
    EXPECT_NE(flat.find(".fit: X (4, 0) has no features (0 columns)"), std::string::npos) << flat;
    const std::string eval = message([&] { model.evaluate(Matrix(4, 0), Matrix(4, 2)); });
    EXPECT_NE(eval.find(".evaluate: X (4, 0) has no features"), std::string::npos) << eval;
}

TEST(Sequential, TrainingIsBitIdenticalForEveryThreadCount) {
    // A model wide enough that its products are split over the threads (784 -> 128 -> 10,
    // batches of 64), trained for two epochs with 1, 2 and 3 threads: the weights must be the
    // same to the bit (DESIGN.md: work is split over outputs, never over partial sums). Also the
    // short training run that `make test-sanitizers` runs under ThreadSanitizer.
    const std::size_t saved_threads = num_threads();
    std::vector<std::vector<Matrix>> trained;
    for (std::size_t threads : {1, 2, 3}) {
        set_num_threads(threads);
        set_global_seed(11);
        Sequential model;
        model.add(Dense(128, "relu", InputShape{784}));
        model.add(Dropout(0.2));
        model.add(Dense(10, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", {"accuracy"});
        model.fit(pixels(256), digits(256), {.epochs = 2, .batch_size = 64, .verbose = 0});
        trained.push_back(model.get_weights());
    }
    set_num_threads(saved_threads);
    for (std::size_t t = 1; t < trained.size(); ++t) {
        ASSERT_EQ(trained[t].size(), trained[0].size());
        for (std::size_t i = 0; i < trained[0].size(); ++i) {
            ASSERT_TRUE(trained[t][i].same_shape(trained[0][i]));
            EXPECT_EQ(std::memcmp(trained[t][i].data(), trained[0][i].data(), trained[0][i].size() * sizeof(Scalar)), 0)
                << "weights " << i << " differ between 1 and " << t + 1 << " threads";
        }
    }
}

namespace {
// One linear Dense, 2 inputs -> 1 output, W = (0.5, -1), b = 0.25, trained with mse and
// Keras's SGD (learning rate 0.01), with mae as its metric: every number is by hand below.
Sequential hand_model() {
    Sequential model;
    model.add(Dense(1, "linear", InputShape{2}));
    model.compile("mse", "sgd", {"mae"});
    model.set_weights({Matrix{{0.5}, {-1}}, Matrix{{0.25}}});
    return model;
}
const Matrix kHandX{{1, 2}, {3, -1}};
const Matrix kHandY{{1}, {0}};
}  // namespace

TEST(Sequential, TrainOnBatchIsOneStepOfGradientDescentByHand) {
    Sequential model = hand_model();
    // Forward: Z = X . W + b = (1*0.5 + 2*(-1) + 0.25, 3*0.5 + (-1)*(-1) + 0.25) = (-1.25, 2.75).
    // Errors Z - y = (-2.25, 2.75): mse = (5.0625 + 7.5625) / 2 = 6.3125, mae = 5 / 2 = 2.5.
    const std::vector<double> values = model.train_on_batch(kHandX, kHandY);
    ASSERT_EQ(values.size(), 2u);  // [loss, mae], as Keras
    EXPECT_NEAR(values[0], 6.3125, 1e-6);
    EXPECT_NEAR(values[1], 2.5, 1e-6);
    // Backward: dZ = 2 (Z - y) / 2 = (-2.25, 2.75); dW = X^T . dZ = (1*(-2.25) + 3*2.75,
    // 2*(-2.25) + (-1)*2.75) = (6, -7.25); db = -2.25 + 2.75 = 0.5. SGD: W -= 0.01 dW, b -= 0.01 db.
    const std::vector<Matrix> w = model.get_weights();
    EXPECT_NEAR(w[0](0, 0), 0.5 - 0.06, 1e-6);
    EXPECT_NEAR(w[0](1, 0), -1 + 0.0725, 1e-6);
    EXPECT_NEAR(w[1](0, 0), 0.25 - 0.005, 1e-6);
}

TEST(Sequential, TestOnBatchMeasuresWithoutChangingTheWeights) {
    Sequential model = hand_model();
    // Before any step: the loss and mae of the forward above, 6.3125 and 2.5.
    const std::vector<double> before = model.test_on_batch(kHandX, kHandY);
    ASSERT_EQ(before.size(), 2u);
    EXPECT_NEAR(before[0], 6.3125, 1e-6);
    EXPECT_NEAR(before[1], 2.5, 1e-6);
    const std::vector<Matrix> weights = model.get_weights();
    model.test_on_batch(kHandX, kHandY);
    const std::vector<Matrix> after = model.get_weights();
    for (std::size_t i = 0; i < weights.size(); ++i) EXPECT_TRUE(allclose(after[i], weights[i], 0, 0)) << i;
    // After one step (W = (0.44, -0.9275), b = 0.245): Z = (0.44 - 1.855 + 0.245,
    // 1.32 + 0.9275 + 0.245) = (-1.17, 2.4925); errors (-2.17, 2.4925):
    // mse = (4.7089 + 6.21255625) / 2 = 5.460728125, mae = (2.17 + 2.4925) / 2 = 2.33125.
    model.train_on_batch(kHandX, kHandY);
    const std::vector<double> stepped = model.test_on_batch(kHandX, kHandY);
    EXPECT_NEAR(stepped[0], 5.460728125, 1e-5);
    EXPECT_NEAR(stepped[1], 2.33125, 1e-6);
}

TEST(Sequential, FitAndEvaluateTakeTheSameStepsAsTheOnBatchCalls) {
    // fit over one batch without shuffling is one train_on_batch, to the bit; evaluate over
    // one batch is one test_on_batch.
    Sequential by_fit = hand_model(), by_step = hand_model();
    const History h = by_fit.fit(kHandX, kHandY, {.epochs = 1, .batch_size = 2, .verbose = 0, .shuffle = false});
    const std::vector<double> step = by_step.train_on_batch(kHandX, kHandY);
    EXPECT_EQ(h["loss"][0], step[0]);
    EXPECT_EQ(h["mae"][0], step[1]);
    const std::vector<Matrix> a = by_fit.get_weights(), b = by_step.get_weights();
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(allclose(a[i], b[i], 0, 0)) << i;
    EXPECT_EQ(by_fit.evaluate(kHandX, kHandY, 32, 0), by_step.test_on_batch(kHandX, kHandY));
}

TEST(Sequential, TrainOnBatchReturnsAnInfiniteLossAndSkipsTheUpdate) {
    // W = 1e30: Z is about 3e30 and its square overflows float, so the loss is inf. A step
    // on a loss that is not finite is not taken (gradients of such a loss spoil the weights),
    // so the weights stay as they were, and the loss comes back for the caller to see.
    Sequential model = hand_model();
    model.set_weights({Matrix{{1e30}, {1e30}}, Matrix{{0}}});
    const std::vector<Matrix> before = model.get_weights();
    const std::vector<double> values = model.train_on_batch(kHandX, kHandY);
    EXPECT_TRUE(std::isinf(values[0])) << values[0];
    const std::vector<Matrix> after = model.get_weights();
    for (std::size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(allclose(after[i], before[i], 0, 0)) << i;
}

TEST(Sequential, OnBatchCallsCheckTheirDataAndTheCompile) {
    Sequential uncompiled;
    uncompiled.add(Dense(1, "linear", InputShape{2}));
    EXPECT_THROW(uncompiled.train_on_batch(kHandX, kHandY), std::logic_error);
    EXPECT_THROW(uncompiled.test_on_batch(kHandX, kHandY), std::logic_error);
    Sequential model = hand_model();
    const auto message = [](auto f) { return message_of<std::invalid_argument>(f); };
    const std::string rows = message([&] { model.train_on_batch(kHandX, Matrix(3, 1)); });
    EXPECT_NE(rows.find(".train_on_batch: X and y"), std::string::npos) << rows;
    const std::string nan = message([&] { model.test_on_batch(kHandX, Matrix{{1}, {NAN}}); });
    EXPECT_NE(nan.find(".test_on_batch: y has NaN at row 1, column 0"), std::string::npos) << nan;
    const std::string cols = message([&] { model.train_on_batch(Matrix(2, 3, 1), kHandY); });
    EXPECT_NE(cols.find("(2, 3) has 3 columns, but the model expects 2"), std::string::npos) << cols;
}

namespace {
// Three classes from two inputs, with the same starting weights: a softmax output trained
// on probabilities, or a linear one whose logits the loss takes (from_logits).
Sequential three_classes(const std::string& activation) {
    Sequential model;
    model.add(Dense(3, activation, InputShape{2}));
    model.set_weights({Matrix{{0.5, -0.25, 0.1}, {-0.3, 0.2, 0.4}}, Matrix{{0.05, 0, -0.05}}});
    return model;
}
}  // namespace

TEST(Sequential, FromLogitsTrainsAsTheSoftmaxOutputDoes) {
    // A softmax output with sparse cross-entropy and a linear output with the from-logits loss
    // are the same model: the same loss, and the same dZ = (softmax(Z) - Y) / batch (through
    // softmax's backward for the first, directly for the second; nothing is clipped here), so
    // one step moves their weights alike, and accuracy (argmax) agrees.
    Sequential probabilities = three_classes("softmax"), logits = three_classes("linear");
    probabilities.compile("sparse_categorical_crossentropy", "sgd", {"accuracy"});
    logits.compile(SparseCategoricalCrossentropy({.from_logits = true}), "sgd", {"accuracy"});
    EXPECT_TRUE(logits.loss().from_logits);
    const Matrix X{{1, 2}, {-1, 0.5}, {0.3, -2}, {2, 1}};
    const Matrix y = Matrix::column_vector({0, 1, 2, 2});
    EXPECT_TRUE(allclose(softmax(logits.predict(X)), probabilities.predict(X)));  // predict gives logits
    const std::vector<double> a = probabilities.train_on_batch(X, y), b = logits.train_on_batch(X, y);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_NEAR(a[0], b[0], 1e-6);
    EXPECT_EQ(a[1], b[1]);
    const std::vector<Matrix> wa = probabilities.get_weights(), wb = logits.get_weights();
    for (std::size_t i = 0; i < wa.size(); ++i) EXPECT_TRUE(allclose(wa[i], wb[i], 1e-5f, 1e-7f)) << i;
}

TEST(Sequential, FromLogitsIsSavedAndLoaded) {
    const std::string path = "/tmp/neurona_from_logits_" + std::to_string(::getpid()) + ".neurona";
    Sequential model = three_classes("linear");
    model.compile(SparseCategoricalCrossentropy({.from_logits = true}), "adam", {"accuracy"});
    model.save(path);
    Sequential loaded = load_model(path);
    std::remove(path.c_str());
    EXPECT_EQ(loaded.loss().name, "sparse_categorical_crossentropy");
    EXPECT_TRUE(loaded.loss().from_logits);
    const Matrix X{{1, 2}, {-1, 0.5}};
    const Matrix y = Matrix::column_vector({0, 2});
    EXPECT_EQ(loaded.evaluate(X, y, 32, 0), model.evaluate(X, y, 32, 0));
}

// ---- the fused output gradient (softmax / sigmoid + cross-entropy, trained from the logits) ----

namespace {
// One Dense(2, g) on one sample x = (1), with W = (w0, w1) and b = 0: Z = (w0, w1).
Sequential one_output_layer(const std::string& activation, const std::string& loss, Scalar w0, Scalar w1) {
    Sequential model;
    model.add(Dense(2, activation, InputShape{1}));
    model.compile(loss, "sgd");
    model.set_weights({Matrix{{w0, w1}}, Matrix{{0, 0}}});
    return model;
}
}  // namespace

TEST(Sequential, FusesOnlyTheMatchingActivationAndCrossEntropy) {
    EXPECT_TRUE(one_output_layer("softmax", "categorical_crossentropy", 0, 0).fuses_output());
    EXPECT_TRUE(one_output_layer("softmax", "sparse_categorical_crossentropy", 0, 0).fuses_output());
    EXPECT_TRUE(one_output_layer("sigmoid", "binary_crossentropy", 0, 0).fuses_output());
    EXPECT_FALSE(one_output_layer("sigmoid", "categorical_crossentropy", 0, 0).fuses_output());
    EXPECT_FALSE(one_output_layer("softmax", "mse", 0, 0).fuses_output());
    EXPECT_FALSE(one_output_layer("linear", "binary_crossentropy", 0, 0).fuses_output());
    Sequential logits;
    logits.add(Dense(2, "linear", InputShape{1}));
    logits.compile(CategoricalCrossentropy({.from_logits = true}), "sgd");
    EXPECT_FALSE(logits.fuses_output());  // the loss already takes Z
}

TEST(Sequential, FusedSoftmaxGradientReachesASampleWrongWithNearCertainty) {
    // Z = (0, 40), label 0: softmax gives p_0 = 1 / (1 + e^40) = 4.25e-18, far below Keras's
    // clip 1e-7. The clipped probabilities would give dL/dp_0 = 0 and so no gradient at all;
    // the fused gradient is dZ = (A - Y) / 1 = (-1, 1) (to 4e-18), and with A_prev = x = 1,
    // dW = x^T . dZ = (-1, 1), db = (-1, 1). The loss from the logits is
    // logsumexp(0, 40) - 0 = 40 + log(1 + e^-40) = 40, not -log(1e-7) = 16.118.
    Sequential model = one_output_layer("softmax", "categorical_crossentropy", 0, 40);
    const Scalar loss = model.compute_gradients(Matrix{{1}}, Matrix{{1, 0}}, true);
    EXPECT_NEAR(loss, 40.0, 1e-5);
    const auto* dense = dynamic_cast<const Dense*>(&model.layer(0));
    ASSERT_NE(dense, nullptr);
    EXPECT_NEAR(dense->dW()(0, 0), -1.0, 1e-6);
    EXPECT_NEAR(dense->dW()(0, 1), 1.0, 1e-6);
    EXPECT_NEAR(dense->db()(0, 0), -1.0, 1e-6);
    EXPECT_NEAR(dense->db()(0, 1), 1.0, 1e-6);
    // evaluate reports the same loss from the logits, as fit does.
    EXPECT_NEAR(model.evaluate(Matrix{{1}}, Matrix{{1, 0}}, 32, 0)[0], 40.0, 1e-5);
}

TEST(Sequential, FusedSigmoidGradientIsAMinusYOverTheCount) {
    // Two sigmoid outputs, Z = (-30, 2), Y = (1, 0): dZ = (sigmoid(Z) - Y) / (1 * 2)
    // = ((9.4e-14 - 1) / 2, (0.880797 - 0) / 2) = (-0.5, 0.4403985); dW = 1 * dZ.
    // Loss: mean over the outputs of softplus(-z) for y = 1 and softplus(z) for y = 0:
    // (30 + 9.4e-14 + 2.126928) / 2 = 16.063464.
    Sequential model = one_output_layer("sigmoid", "binary_crossentropy", -30, 2);
    const Scalar loss = model.compute_gradients(Matrix{{1}}, Matrix{{1, 0}}, true);
    EXPECT_NEAR(loss, 16.063464, 1e-5);
    const auto* dense = dynamic_cast<const Dense*>(&model.layer(0));
    EXPECT_NEAR(dense->dW()(0, 0), -0.5, 1e-6);
    EXPECT_NEAR(dense->dW()(0, 1), 0.4403985, 1e-6);
}

TEST(Sequential, FusedGradientEqualsTheChainRuleWhereNothingIsClipped) {
    // Where no probability is clipped, dL/dZ through softmax's Jacobian and dZ = (A - Y)/batch
    // are the same number: the fused model's gradients equal the layer's own backward from
    // the loss gradient, to rounding.
    Sequential model = mnist_like_model();
    ASSERT_TRUE(model.fuses_output());
    const Matrix X = pixels(8), y = digits(8);
    model.compute_gradients(X, y, true);
    std::vector<Matrix> fused;
    for (const Param& p : model.params()) fused.push_back(*p.grad);
    const Matrix Y_hat = model.forward(X, true);
    model.backward(model.loss().gradient(y, Y_hat));  // the unfused chain: dA, then softmax's backward
    const auto params = model.params();
    for (std::size_t i = 0; i < params.size(); ++i)
        for (std::size_t k = 0; k < fused[i].size(); ++k)
            EXPECT_NEAR(fused[i].data()[k], params[i].grad->data()[k], 1e-6) << params[i].name << " element " << k;
}

// BatchNormalization: hand-computed outputs and moving statistics for a (features) input and
// an (H, W, C) one, training against inference mode, the summary's counts, weights, saving,
// and bad settings. Its gradients are checked in tests/gradcheck/batch_normalization_test.cpp.
#include "neurona/layers/batch_normalization.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <unistd.h>
#include <vector>

#include "neurona/layers/dense.hpp"
#include "neurona/matmul.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"
#include "support.hpp"

using namespace neurona;

namespace {
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

bool bit_identical(const Matrix& a, const Matrix& b) { return a.same_shape(b) && a.values() == b.values(); }

// The summary's row of layer `name`, its words: {"name", "(Type)", "(None,", ..., "Param #"}.
std::vector<std::string> summary_row(const std::string& summary, const std::string& name) {
    std::istringstream lines(summary);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream in(line);
        std::vector<std::string> words;
        for (std::string w; in >> w;) words.push_back(w);
        if (!words.empty() && words[0] == name) return words;
    }
    return {};
}

// 4 samples of 2 features. Column 0: 1, 3, 5, 7, mean 4, variance (9 + 1 + 1 + 9) / 4 = 5.
// Column 1: 0, 0, 4, 4, mean 2, variance 4.
const Matrix kX{{1, 0}, {3, 0}, {5, 4}, {7, 4}};
}  // namespace

TEST(BatchNormalization, TrainingNormalizesWithTheBatchStatistics) {
    BatchNormalization bn;
    EXPECT_EQ(bn.build({2}), Shape{2});
    // Keras's initial weights: gamma 1, beta 0, moving_mean 0, moving_variance 1.
    EXPECT_TRUE(bit_identical(bn.gamma(), Matrix{{1, 1}}));
    EXPECT_TRUE(bit_identical(bn.beta(), Matrix{{0, 0}}));
    EXPECT_TRUE(bit_identical(bn.moving_mean(), Matrix{{0, 0}}));
    EXPECT_TRUE(bit_identical(bn.moving_variance(), Matrix{{1, 1}}));
    bn.set_weights({Matrix{{2, 0.5}}, Matrix{{1, -1}}, Matrix{{0, 0}}, Matrix{{1, 1}}});

    // A = gamma * (x - mean) / sqrt(var + 0.001) + beta, with the batch's mean and biased var.
    const float s0 = 1 / std::sqrt(5.001f), s1 = 1 / std::sqrt(4.001f);
    const Matrix expected{{2 * -3 * s0 + 1, 0.5f * -2 * s1 - 1},
                          {2 * -1 * s0 + 1, 0.5f * -2 * s1 - 1},
                          {2 * 1 * s0 + 1, 0.5f * 2 * s1 - 1},
                          {2 * 3 * s0 + 1, 0.5f * 2 * s1 - 1}};
    EXPECT_TRUE(allclose(bn.forward(kX, true), expected, 1e-6f, 1e-6f));
    // moving = moving * 0.99 + batch * 0.01: mean 0 + (4, 2) / 100, variance 0.99 + (5, 4) / 100.
    EXPECT_TRUE(allclose(bn.moving_mean(), Matrix{{0.04, 0.02}}, 1e-6f, 0));
    EXPECT_TRUE(allclose(bn.moving_variance(), Matrix{{1.04, 1.03}}, 1e-6f, 0));

    // A second step, on 2 * X (mean (8, 4), variance (20, 16)):
    // mean 0.04 * 0.99 + 0.08 = 0.1196, 0.02 * 0.99 + 0.04 = 0.0598;
    // variance 1.04 * 0.99 + 0.2 = 1.2296, 1.03 * 0.99 + 0.16 = 1.1797.
    bn.forward(kX * 2.0f, true);
    EXPECT_TRUE(allclose(bn.moving_mean(), Matrix{{0.1196, 0.0598}}, 1e-6f, 0));
    EXPECT_TRUE(allclose(bn.moving_variance(), Matrix{{1.2296, 1.1797}}, 1e-6f, 0));

    // Inference uses the moving statistics and leaves them as they are.
    const Matrix A = bn.forward(Matrix{{4, 2}}, false);
    EXPECT_NEAR(A(0, 0), 2 * (4 - 0.1196) / std::sqrt(1.2296 + 0.001) + 1, 1e-5);
    EXPECT_NEAR(A(0, 1), 0.5 * (2 - 0.0598) / std::sqrt(1.1797 + 0.001) - 1, 1e-5);
    EXPECT_TRUE(allclose(bn.moving_mean(), Matrix{{0.1196, 0.0598}}, 1e-6f, 0));
}

TEST(BatchNormalization, MomentumZeroKeepsTheLastBatchAndInferenceThenMatchesTraining) {
    BatchNormalization bn({.momentum = 0});
    bn.build({2});
    const Matrix A_train = bn.forward(kX, true);
    EXPECT_TRUE(allclose(bn.moving_mean(), Matrix{{4, 2}}, 0, 0));
    EXPECT_TRUE(allclose(bn.moving_variance(), Matrix{{5, 4}}, 0, 0));
    EXPECT_TRUE(allclose(bn.forward(kX, false), A_train, 1e-6f, 1e-6f));
}

TEST(BatchNormalization, ChannelsOfAnImageArePooledOverBatchHeightAndWidth) {
    // (N, H, W, C) = (2, 2, 2, 2): each row is one sample, pixel after pixel, channel last.
    // Channel 0 takes 1..8 (mean 4.5, variance (3.5^2 + 2.5^2 + 1.5^2 + 0.5^2) * 2 / 8 = 5.25),
    // channel 1 ten times that (mean 45, variance 525).
    BatchNormalization bn;
    EXPECT_EQ(bn.build({2, 2, 2}), (Shape{2, 2, 2}));
    EXPECT_EQ(bn.trainable_count(), 4u);  // gamma and beta, one per channel
    const Matrix X{{1, 10, 2, 20, 3, 30, 4, 40}, {5, 50, 6, 60, 7, 70, 8, 80}};
    const Matrix A = bn.forward(X, true);
    const double s0 = 1 / std::sqrt(5.25 + 0.001), s1 = 1 / std::sqrt(525 + 0.001);
    for (std::size_t n = 0; n < 2; ++n)
        for (std::size_t pixel = 0; pixel < 4; ++pixel) {
            const double k = static_cast<double>(n * 4 + pixel + 1);  // 1..8
            EXPECT_NEAR(A(n, pixel * 2), (k - 4.5) * s0, 1e-5) << n << " " << pixel;
            EXPECT_NEAR(A(n, pixel * 2 + 1), (10 * k - 45) * s1, 1e-5) << n << " " << pixel;
        }
    EXPECT_TRUE(allclose(bn.moving_mean(), Matrix{{0.045, 0.45}}, 1e-6f, 0));
    EXPECT_TRUE(allclose(bn.moving_variance(), Matrix{{0.99 + 0.0525, 0.99 + 5.25}}, 1e-6f, 0));
}

TEST(BatchNormalization, BackwardOfAConstantGradientIsZero) {
    // dA = 1 everywhere: dbeta = m, dgamma = sum(X_hat) = 0, and in training mode
    // dA_prev = gamma s / m (m - m - X_hat * 0) = 0: shifting every input of a channel by the
    // same amount does not change the normalized output. In inference mode dA_prev = gamma s.
    BatchNormalization bn;
    bn.build({2});
    bn.set_weights({Matrix{{2, 0.5}}, Matrix{{1, -1}}, Matrix{{0, 0}}, Matrix{{3, 1}}});
    bn.forward(kX, true);
    const Matrix dA_prev = bn.backward(Matrix(4, 2, 1));
    EXPECT_TRUE(allclose(bn.dbeta(), Matrix{{4, 4}}, 0, 0));
    EXPECT_TRUE(allclose(bn.dgamma(), Matrix{{0, 0}}, 0, 1e-6f));
    EXPECT_TRUE(allclose(dA_prev, Matrix(4, 2, 0), 0, 1e-6f));

    bn.set_weights({Matrix{{2, 0.5}}, Matrix{{1, -1}}, Matrix{{0, 0}}, Matrix{{3, 1}}});  // the step moved them
    bn.forward(kX, false);
    const Matrix dA_prev_inference = bn.backward(Matrix(4, 2, 1));
    const Matrix row{{static_cast<float>(2 / std::sqrt(3.001)), static_cast<float>(0.5 / std::sqrt(1.001))}};
    for (std::size_t i = 0; i < 4; ++i) EXPECT_TRUE(allclose(dA_prev_inference.slice_rows(i, i + 1), row)) << i;
    // dgamma = sum((x - moving_mean) / sqrt(moving_variance + eps)) = (16 / sqrt(3.001), 8 / sqrt(1.001)).
    EXPECT_TRUE(allclose(bn.dgamma(), Matrix{{static_cast<float>(16 / std::sqrt(3.001)),
                                              static_cast<float>(8 / std::sqrt(1.001))}}));
}

// On more than kParallelChunk values the per-channel sums split over the pool by channels
// and the elementwise passes by rows. 71 channels (no multiple of 16, more than kInlineChunks
// tasks of 16) of 3 x 20 x 20 pixels,
// trained and then in inference: A, dA_prev, dgamma, dbeta and the moving statistics have the
// same bits at 1 and 2 threads, and the training A is normalized (mean 0, variance 1 per channel).
TEST(BatchNormalization, SplitOverThePoolGivesTheSameBitsOnOneAndTwoThreads) {
    Rng rng(9);
    const std::size_t C = 71;
    const Matrix X = rng.uniform_matrix(3, 20 * 20 * C, -2, 3), dA = rng.uniform_matrix(3, 20 * 20 * C, -1, 1);
    ASSERT_GT(X.size(), (kInlineChunks + 1) * kParallelChunk);
    ASSERT_GT(C, kInlineChunks * kChunkColumns);
    const auto run = [&] {
        BatchNormalization bn;
        bn.build({20, 20, C});
        std::vector<Matrix> out{bn.forward(X, true), bn.backward(dA)};
        for (const Param& p : bn.params()) out.push_back(*p.grad);
        out.push_back(bn.forward(X, false));
        out.push_back(bn.backward(dA));
        for (const Matrix& w : bn.get_weights()) out.push_back(w);
        return out;
    };
    const auto [one, two] = at_1_and_2_threads(run);
    ASSERT_EQ(one.size(), two.size());
    for (std::size_t i = 0; i < one.size(); ++i) EXPECT_TRUE(same_bits(one[i], two[i])) << "output " << i;
    const Matrix per_channel = one[0].reshape(X.size() / C, C);  // rows: the 1200 pixels
    const Matrix mean = per_channel.mean(0);
    for (std::size_t c = 0; c < C; ++c) {
        double var = 0;
        for (std::size_t r = 0; r < per_channel.rows(); ++r) var += std::pow(per_channel(r, c) - mean(0, c), 2);
        EXPECT_NEAR(mean(0, c), 0, 1e-5) << "channel " << c;
        EXPECT_NEAR(var / double(per_channel.rows()), 1, 1e-2) << "channel " << c;  // eps = 1e-3 in the variance
    }
}

TEST(BatchNormalization, ConfigurationIsMomentumAndEpsilon) {
    std::ostringstream text;
    const LayerConfig defaults_config = BatchNormalization().get_config();
    for (const auto& [key, value] : defaults_config.settings()) text << key << "=" << value << " ";
    EXPECT_EQ(text.str(), "momentum=0.99 epsilon=0.001 ");
    LayerConfig config;
    config.set("momentum", 0.9);
    config.set("epsilon", 1e-5);
    const auto layer = layer_from_config("BatchNormalization", config);
    const auto& bn = dynamic_cast<const BatchNormalization&>(*layer);
    EXPECT_EQ(bn.momentum(), 0.9);
    EXPECT_EQ(bn.epsilon(), 1e-5);
    const auto defaults = layer_from_config("BatchNormalization", LayerConfig());
    EXPECT_EQ(dynamic_cast<const BatchNormalization&>(*defaults).momentum(), 0.99);
}

TEST(BatchNormalization, SummaryCountsGammaBetaTrainableAndMovingStatisticsNot) {
    clear_session();
    Sequential model;
    model.add(Dense(3, "linear", InputShape{4}));
    model.add(BatchNormalization());
    model.add(Dense(1));
    std::ostringstream out;
    model.summary(out);
    const std::string s = out.str();
    EXPECT_EQ(summary_row(s, "batch_normalization"),
              (std::vector<std::string>{"batch_normalization", "(BatchNormalization)", "(None,", "3)", "12"}))
        << s;
    EXPECT_TRUE(contains(s, "Total params: 31")) << s;  // 15 + 12 + 4
    EXPECT_TRUE(contains(s, "Trainable params: 25")) << s;
    EXPECT_TRUE(contains(s, "Non-trainable params: 6")) << s;
    EXPECT_EQ(model.count_params(), 31u);
    EXPECT_EQ(model.params().size(), 6u);  // W, b, gamma, beta, W, b: the moving statistics are not trained

    Sequential image;
    image.add(BatchNormalization({}, InputShape{26, 26, 32}));
    std::ostringstream image_out;
    image.summary(image_out);
    const std::string t = image_out.str();
    EXPECT_EQ(summary_row(t, "batch_normalization_1"),
              (std::vector<std::string>{"batch_normalization_1", "(BatchNormalization)", "(None,", "26,", "26,", "32)",
                                        "128"}))
        << t;
    EXPECT_TRUE(contains(t, "Trainable params: 64")) << t;
    EXPECT_TRUE(contains(t, "Non-trainable params: 64")) << t;
}

TEST(BatchNormalization, FitTrainsWithBatchStatisticsPredictAndEvaluateUseTheMovingOnes) {
    Sequential model;
    model.add(BatchNormalization({}, InputShape{2}));
    model.add(Dense(1));
    model.compile("mse", "sgd");
    const auto& bn = dynamic_cast<const BatchNormalization&>(model.layer(0));
    const Matrix y{{1}, {2}, {3}, {4}};
    model.predict(kX);
    model.evaluate(kX, y, 32, 0);
    EXPECT_TRUE(bit_identical(bn.moving_mean(), Matrix{{0, 0}}));  // inference: untouched
    model.train_on_batch(kX, y);
    EXPECT_TRUE(allclose(bn.moving_mean(), Matrix{{0.04, 0.02}}, 1e-6f, 0));  // one training step
    model.fit(kX, y, {.epochs = 2, .batch_size = 4, .verbose = 0});
    // Two more steps on the same batch: 0.04 * 0.99^2 + 4 * (1 - 0.99^2).
    EXPECT_NEAR(bn.moving_mean()(0, 0), 0.04 * 0.9801 + 4 * 0.0199, 1e-6);
    // The gradient reached gamma and beta, which the optimizer moved.
    EXPECT_FALSE(bit_identical(bn.beta(), Matrix{{0, 0}}));
}

TEST(BatchNormalization, SavedAndLoadedWithItsMovingStatistics) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("neurona_bn_" + std::to_string(::getpid()) + ".model")).string();
    Sequential model;
    model.add(Dense(3, "relu", InputShape{2}));
    model.add(BatchNormalization({.momentum = 0.9, .epsilon = 1e-4}));
    model.add(Dense(1));
    model.compile("mse", "adam");
    model.fit(kX, Matrix{{1}, {2}, {3}, {4}}, {.epochs = 3, .batch_size = 2, .verbose = 0});
    model.save(path);
    Sequential loaded = load_model(path);
    std::filesystem::remove(path);
    const auto& bn = dynamic_cast<const BatchNormalization&>(loaded.layer(1));
    EXPECT_EQ(bn.momentum(), 0.9);
    EXPECT_EQ(bn.epsilon(), 1e-4);
    const auto a = model.get_weights(), b = loaded.get_weights();
    ASSERT_EQ(a.size(), 8u);  // W, b, gamma, beta, moving_mean, moving_variance, W, b
    ASSERT_EQ(b.size(), 8u);
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(bit_identical(a[i], b[i])) << i;
    EXPECT_FALSE(bit_identical(a[4], Matrix(1, 3, 0)));  // the moving mean moved, and came back
    EXPECT_TRUE(bit_identical(model.predict(kX), loaded.predict(kX)));
}

TEST(BatchNormalization, BadSettingsAndWeightsAreNamed) {
    EXPECT_TRUE(contains(message_of<std::invalid_argument>([] { BatchNormalization({.momentum = 1.5}); }),
                         "momentum must be in [0, 1], got 1.5"));
    EXPECT_THROW(BatchNormalization({.momentum = -0.1}), std::invalid_argument);
    EXPECT_THROW(BatchNormalization({.momentum = std::nan("")}), std::invalid_argument);
    EXPECT_TRUE(contains(message_of<std::invalid_argument>([] { BatchNormalization({.epsilon = 0}); }),
                         "epsilon must be > 0, got 0"));
    EXPECT_THROW(BatchNormalization({.epsilon = -1e-3}), std::invalid_argument);
    LayerConfig config;
    config.set("momentum", 2.0);
    EXPECT_THROW(layer_from_config("BatchNormalization", config), std::invalid_argument);

    BatchNormalization bn;
    bn.set_name("batch_normalization");
    bn.build({3});
    const Matrix C(1, 3, 1);
    std::string msg = message_of<std::invalid_argument>([&] { bn.set_weights({C, C, C}); });
    EXPECT_TRUE(contains(msg, "batch_normalization (BatchNormalization)") && contains(msg, "got 3")) << msg;
    msg = message_of<std::invalid_argument>([&] { bn.set_weights({C, C, Matrix(1, 2), C}); });
    EXPECT_TRUE(contains(msg, "moving_mean is (1, 2), expected (1, 3)")) << msg;
    EXPECT_THROW(bn.set_weights({Matrix(3, 1), C, C, C}), std::invalid_argument);
    msg = message_of<std::invalid_argument>([&] { bn.set_weights({C, C, C, Matrix{{1, -1, 1}}}); });
    EXPECT_TRUE(contains(msg, "moving_variance -1 of channel 1")) << msg;

    msg = message_of<std::invalid_argument>([&] { bn.forward(Matrix(2, 4), false); });
    EXPECT_TRUE(contains(msg, "(2, 4)") && contains(msg, "3 columns")) << msg;
    msg = message_of<std::invalid_argument>([&] { bn.forward(Matrix(0, 3), true); });
    EXPECT_TRUE(contains(msg, "training needs a batch")) << msg;
    EXPECT_THROW(BatchNormalization().build({4, 0}), std::invalid_argument);
    EXPECT_THROW(BatchNormalization().build({}), std::invalid_argument);

    // Not built: set_weights builds it for a (C) input.
    BatchNormalization fresh;
    fresh.set_weights({C, C, C, C});
    EXPECT_EQ(fresh.input_shape(), Shape{3});
}

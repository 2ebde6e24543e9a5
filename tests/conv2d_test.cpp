// Conv2D: a 4x4 image worked out by hand, the layer against the seven-loop reference
// conv2d_naive on random data, bit-identical results for 1 and 2 threads, Keras's summary row,
// a model file round trip, and the errors.
#include <gtest/gtest.h>

#include <sys/types.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "neurona/layers/conv2d.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/flatten.hpp"
#include "neurona/matmul.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"
#include "support.hpp"

using namespace neurona;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The 4x4 one-channel image x(i, j) = 4 i + j + 1, as one sample (1, 16):
//    1  2  3  4
//    5  6  7  8
//    9 10 11 12
//   13 14 15 16
Matrix ramp_image() {
    Matrix X(1, 16);
    for (std::size_t k = 0; k < 16; ++k) X(0, k) = static_cast<Scalar>(k + 1);
    return X;
}

// A Conv2D(1, {2, 2}) on that image with the kernel [[1, 0], [-1, 2]] and bias 0.5.
// W is (kh * kw * C_in, filters) = (4, 1): kernel[0,0], kernel[0,1], kernel[1,0], kernel[1,1].
Conv2D hand_layer(Size2D strides, const std::string& padding) {
    Conv2D layer(1, {2, 2}, Conv2DOptions{.strides = strides, .padding = padding});
    layer.build({4, 4, 1});
    layer.set_weights({Matrix{{1}, {0}, {-1}, {2}}, Matrix{{0.5}}});
    return layer;
}

void expect_values(const Matrix& got, std::initializer_list<Scalar> expected) {
    ASSERT_EQ(got.size(), expected.size()) << got.shape();
    std::size_t k = 0;
    for (Scalar e : expected) {
        EXPECT_EQ(got.data()[k], e) << "at " << k;
        ++k;
    }
}

}  // namespace

// Each window (i, j) reads x(i, j), x(i, j+1), x(i+1, j), x(i+1, j+1) = x, x + 1, x + 4, x + 5:
// z = 1 x + 0 (x + 1) - (x + 4) + 2 (x + 5) + 0.5 = 2 x + 6.5 inside the image. A flipped
// kernel (a true convolution) would give 2 x + 4.5, a transposed one 2 x + 9.5.
TEST(Conv2DByHand, ValidStrideOne) {
    Conv2D layer = hand_layer({1, 1}, "valid");
    EXPECT_EQ(layer.output_shape(), (Shape{3, 3, 1}));
    expect_values(layer.forward(ramp_image(), false), {8.5, 10.5, 12.5,  //
                                                       16.5, 18.5, 20.5,  //
                                                       24.5, 26.5, 28.5});
}

TEST(Conv2DByHand, ValidStrideTwo) {
    // (4 - 2) / 2 + 1 = 2 windows per axis, at x = 1, 3, 9, 11.
    Conv2D layer = hand_layer({2, 2}, "valid");
    expect_values(layer.forward(ramp_image(), false), {8.5, 12.5, 24.5, 28.5});
}

TEST(Conv2DByHand, SameStrideOnePadsOneZeroAfter) {
    // out = 4, total padding (4 - 1) + 2 - 4 = 1: none before, one row and column of zeros
    // after. Last column: x - (x + 4) + 0.5 = -3.5; last row: x + 0.5; the corner 16 + 0.5.
    Conv2D layer = hand_layer({1, 1}, "same");
    EXPECT_EQ(layer.output_shape(), (Shape{4, 4, 1}));
    expect_values(layer.forward(ramp_image(), false), {8.5, 10.5, 12.5, -3.5,   //
                                                       16.5, 18.5, 20.5, -3.5,  //
                                                       24.5, 26.5, 28.5, -3.5,  //
                                                       13.5, 14.5, 15.5, 16.5});
}

TEST(Conv2DByHand, SameStrideTwoNeedsNoPadding) {
    // out = ceil(4 / 2) = 2, padding (2 - 1) * 2 + 2 - 4 = 0: the valid windows.
    Conv2D layer = hand_layer({2, 2}, "same");
    expect_values(layer.forward(ramp_image(), false), {8.5, 12.5, 24.5, 28.5});
}

TEST(Conv2DByHand, BackwardWithOnes) {
    // dA = 1 for the 9 valid outputs (linear: dZ = dA).
    // dW[di, dj] = sum of the 3x3 block of x starting at (di, dj): 54, 63 (+1 each), 90 (+4
    // each), 99 (+5 each); db = 9.
    // dA_prev(r, s) = sum of the kernel weights that touch pixel (r, s):
    //    1  1  1  0        corner (0, 0): k00 = 1; (0, 3): k01 = 0; (3, 0): k10 = -1;
    //    0  2  2  2        (3, 3): k11 = 2; inside, all four: 1 + 0 - 1 + 2 = 2;
    //    0  2  2  2        (1, 0): k10 + k00 = 0; (0, 1): k01 + k00 = 1;
    //   -1  1  1  2        (3, 1): k11 + k10 = 1; (1, 3): k11 + k01 = 2.
    Conv2D layer = hand_layer({1, 1}, "valid");
    layer.forward(ramp_image(), true);
    const Matrix dA_prev = layer.backward(Matrix(1, 9, 1));
    expect_values(layer.dW(), {54, 63, 90, 99});
    expect_values(layer.db(), {9});
    expect_values(dA_prev, {1, 1, 1, 0, 0, 2, 2, 2, 0, 2, 2, 2, -1, 1, 1, 2});
}

namespace {
struct Case {
    std::size_t H, W, C, filters;
    Size2D kernel, strides;
    const char* padding;
};

// Z of the layer against conv2d_naive's, value by value. Both sum the same K = kh kw C_in
// products and the bias, in Scalar and in the same order, but the product may fuse
// multiply-adds: the two differ by at most about (K + 1) * epsilon * sum(|x| |w|) + |b|
// (the bound of matmul_test), which conv2d_naive itself computes from |X|, |W| and |b|.
void expect_layer_equals_naive(const Case& c, std::uint64_t seed) {
    SCOPED_TRACE(std::to_string(c.H) + "x" + std::to_string(c.W) + "x" + std::to_string(c.C) + " filters " +
                 std::to_string(c.filters) + " kernel " + std::to_string(c.kernel.height) + "x" +
                 std::to_string(c.kernel.width) + " strides " + std::to_string(c.strides.height) + "," +
                 std::to_string(c.strides.width) + " " + c.padding);
    set_global_seed(seed);
    Conv2D layer(c.filters, c.kernel, Conv2DOptions{.strides = c.strides, .padding = c.padding});
    layer.build({c.H, c.W, c.C});
    Rng rng(seed);
    layer.set_weights({layer.W(), rng.uniform_matrix(1, c.filters, -1, 1)});
    const Matrix X = rng.uniform_matrix(3, c.H * c.W * c.C, -1, 1);
    const Matrix Z = layer.forward(X, false);
    const WindowGeometry& g = layer.geometry();
    const Matrix reference = conv2d_naive(X, g, layer.W(), layer.b());
    const auto abs = [](Matrix M) { return M.apply([](Scalar v) { return std::abs(v); }); };
    const Matrix magnitude = conv2d_naive(abs(X), g, abs(layer.W()), abs(layer.b()));
    ASSERT_TRUE(Z.same_shape(reference)) << Z.shape() << " vs " << reference.shape();
    const double K = double(c.kernel.height * c.kernel.width * c.C);
    const double eps = std::numeric_limits<Scalar>::epsilon();
    for (std::size_t k = 0; k < Z.size(); ++k)
        ASSERT_LE(std::abs(double(Z.data()[k]) - double(reference.data()[k])),
                  1.01 * (K + 1) * eps * double(magnitude.data()[k]))
            << "at " << k << ": " << Z.data()[k] << " vs naive " << reference.data()[k];
}
}  // namespace

TEST(Conv2D, EqualsTheNaiveConvolution) {
    std::uint64_t seed = 1;
    for (const char* padding : {"valid", "same"})
        for (Size2D strides : {Size2D{1, 1}, Size2D{2, 2}, Size2D{2, 1}}) {
            expect_layer_equals_naive({7, 6, 1, 4, {3, 3}, strides, padding}, seed++);
            expect_layer_equals_naive({5, 8, 3, 2, {2, 3}, strides, padding}, seed++);
            expect_layer_equals_naive({6, 6, 5, 7, {1, 1}, strides, padding}, seed++);
            expect_layer_equals_naive({9, 7, 2, 33, {5, 4}, strides, padding}, seed++);  // 33: past one tile
        }
}

TEST(Conv2D, SoftmaxNormalisesEachPixelOverItsFilters) {
    // Keras's softmax acts on the last axis: every pixel's 3 filters sum to 1.
    set_global_seed(4);
    Conv2D layer(3, {2, 2}, "softmax");
    layer.build({3, 3, 2});
    const Matrix A = layer.forward(Rng(5).uniform_matrix(2, 18, -1, 1), false);
    ASSERT_EQ(A.cols(), 4u * 3u);
    for (std::size_t n = 0; n < 2; ++n)
        for (std::size_t p = 0; p < 4; ++p)
            EXPECT_NEAR(A(n, 3 * p) + A(n, 3 * p + 1) + A(n, 3 * p + 2), 1.0, 1e-6);
    EXPECT_EQ(layer.output_activation(), nullptr);  // no fused loss over a whole row
}

TEST(Conv2D, SameBitsForOneAndTwoThreads) {
    ThreadCountGuard guard;
    // 32 samples: each of the three products, (3872, 72) . (72, 16) and the like, is 8.9
    // Mflop, past the size below which matmul keeps a product on the calling thread.
    const Matrix X = Rng(8).uniform_matrix(32, 13 * 13 * 8, -1, 1);
    const Matrix dA = Rng(9).uniform_matrix(32, 11 * 11 * 16, -1, 1);
    Matrix A[2], dA_prev[2], dW[2], db[2];
    for (std::size_t threads : {1, 2}) {
        set_num_threads(threads);
        set_global_seed(7);
        Conv2D layer(16, {3, 3}, "tanh");
        layer.build({13, 13, 8});
        A[threads - 1] = layer.forward(X, true);
        dA_prev[threads - 1] = layer.backward(dA);
        dW[threads - 1] = layer.dW();
        db[threads - 1] = layer.db();
    }
    EXPECT_TRUE(same_bits(A[0], A[1]));
    EXPECT_TRUE(same_bits(dA_prev[0], dA_prev[1]));
    EXPECT_TRUE(same_bits(dW[0], dW[1]));
    EXPECT_TRUE(same_bits(db[0], db[1]));
}

TEST(Conv2D, FirstLayerSkipsTheInputGradient) {
    set_global_seed(2);
    Conv2D layer(2, {2, 2});
    layer.build({3, 3, 1});
    layer.set_needs_input_gradient(false);
    layer.forward(Rng(1).uniform_matrix(2, 9, -1, 1), true);
    EXPECT_TRUE(layer.backward(Matrix(2, 8, 1)).empty());
    EXPECT_FALSE(layer.dW().empty());
}

TEST(Conv2D, SummaryRowOfTheMnistConvnet) {
    clear_session();
    Sequential model;
    model.add(Conv2D(32, {3, 3}, "relu", InputShape{28, 28, 1}));
    model.add(Flatten());
    model.add(Dense(10, "softmax"));
    std::ostringstream out;
    model.summary(out);
    EXPECT_TRUE(contains(out.str(), " conv2d (Conv2D)             (None, 26, 26, 32)        320       \n")) << out.str();
    EXPECT_TRUE(contains(out.str(), " flatten (Flatten)           (None, 21632)             0 ")) << out.str();
    // 3 * 3 * 1 * 32 + 32 = 320; 21632 * 10 + 10 = 216330.
    EXPECT_TRUE(contains(out.str(), "Total params: 216,650\n")) << out.str();
    // The convnet's second convolution: 3 * 3 * 32 * 64 + 64 = 18,496 on (13, 13, 32).
    Conv2D second(64, {3, 3}, "relu");
    EXPECT_EQ(second.count_params({13, 13, 32}), 18496u);
    EXPECT_EQ(second.compute_output_shape({13, 13, 32}), (Shape{11, 11, 64}));
}

TEST(Conv2D, SettingsAreKerasArguments) {
    Conv2D layer(32, {3, 3}, Conv2DOptions{.strides = {2, 1}, .padding = "same", .activation = "relu"},
                 InputShape{28, 28, 1});
    const LayerConfig written = layer.get_config();
    std::string text;
    for (const auto& setting : written.settings()) text += setting.first + "=" + setting.second + " ";
    EXPECT_EQ(text, "filters=32 kernel_size=3,3 strides=2,1 padding=same activation=relu input_shape=28,28,1 ");
    // strides, padding and activation have Keras's defaults when a file leaves them out.
    LayerConfig config;
    config.set("filters", std::size_t{4});
    config.set("kernel_size", Shape{5, 5});
    const auto made = layer_from_config("Conv2D", config);
    const auto& conv = dynamic_cast<const Conv2D&>(*made);
    EXPECT_EQ(conv.strides(), Size2D(1));
    EXPECT_EQ(conv.padding(), Padding::valid);
    EXPECT_EQ(conv.activation(), "linear");
}

TEST(Conv2D, EveryWayToWriteItReadsAsKeras) {
    // Braces alone mean Conv2DOptions (the activation overloads are templates, which a braced
    // list cannot match), so Keras's keyword arguments read the same here.
    const Conv2D only_padding(8, 3, {.padding = "same"}, InputShape{6, 6, 1});
    EXPECT_EQ(only_padding.padding(), Padding::same);
    EXPECT_EQ(only_padding.kernel_size(), Size2D(3, 3));
    const Conv2D only_strides(8, {3, 3}, {.strides = 2});
    EXPECT_EQ(only_strides.strides(), Size2D(2, 2));
    const std::string name = "tanh";
    EXPECT_EQ(Conv2D(8, {3, 3}, name).activation(), "tanh");
    EXPECT_EQ(Conv2D(8, {3, 3}, "relu", InputShape{6, 6, 1}).activation(), "relu");
    EXPECT_EQ(Conv2D(8, {3, 3}).activation(), "linear");
}

TEST(Conv2D, SaveAndLoadGiveTheSamePredictions) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("neurona_conv2d_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string file = (dir / "convnet.neurona").string();
    set_global_seed(3);
    Sequential model;
    model.add(Conv2D(4, {3, 3}, "relu", InputShape{8, 8, 2}));
    model.add(Conv2D(3, {2, 2}, Conv2DOptions{.strides = {2, 2}, .padding = "same", .activation = "tanh"}));
    model.add(Flatten());
    model.add(Dense(3, "softmax"));
    model.compile("sparse_categorical_crossentropy", "adam", {"accuracy"});
    Rng rng(4);
    const Matrix X = rng.uniform_matrix(12, 8 * 8 * 2, 0, 1);
    Matrix y(12, 1);
    for (std::size_t i = 0; i < 12; ++i) y(i, 0) = static_cast<Scalar>(i % 3);
    model.fit(X, y, {.epochs = 2, .batch_size = 4, .verbose = 0});
    model.save(file);
    Sequential loaded = load_model(file);
    EXPECT_TRUE(same_bits(model.predict(X), loaded.predict(X)));
    std::ostringstream s1, s2;
    model.summary(s1);
    loaded.summary(s2);
    EXPECT_EQ(s1.str(), s2.str());
    fs::remove_all(dir);
}

TEST(Conv2D, BadSettingsAndInputsAreNamed) {
    // A flat or 2-D input: the message names the shape and Reshape.
    const std::string flat = message_of<std::invalid_argument>([] { Conv2D(8, {3, 3}).build({784}); });
    EXPECT_TRUE(contains(flat, "Conv2D") && contains(flat, "(None, 784)") && contains(flat, "Reshape")) << flat;
    const std::string grey = message_of<std::invalid_argument>([] { Conv2D(8, {3, 3}).build({28, 28}); });
    EXPECT_TRUE(contains(grey, "(None, 28, 28)") && contains(grey, "Reshape({28, 28, 1})")) << grey;
    EXPECT_EQ(message_of<std::invalid_argument>([] { Conv2D(0, {3, 3}); }), "Conv2D: filters must be > 0, got 0");
    const std::string padding =
        message_of<std::invalid_argument>([] { Conv2D(8, {3, 3}, Conv2DOptions{.padding = "full"}); });
    EXPECT_TRUE(contains(padding, "Conv2D") && contains(padding, "\"full\"") && contains(padding, "\"same\""))
        << padding;
    const std::string activation = message_of<std::invalid_argument>([] { Conv2D(8, {3, 3}, "rellu"); });
    EXPECT_TRUE(contains(activation, "Conv2D") && contains(activation, "'rellu'") && contains(activation, "relu, "))
        << activation;
    const std::string stride =
        message_of<std::invalid_argument>([] { Conv2D(8, {3, 3}, Conv2DOptions{.strides = {0, 1}}); });
    EXPECT_EQ(stride, "Conv2D: strides must be at least (1, 1), got (0, 1)");
    EXPECT_EQ(message_of<std::invalid_argument>([] { Conv2D(8, {3, 0}); }),
              "Conv2D: kernel_size must be at least (1, 1), got (3, 0)");
    // With "valid" the window must fit in the image; the model names the layer.
    clear_session();
    Sequential model;
    const std::string large = message_of<std::invalid_argument>(
        [&] { model.add(Conv2D(8, {5, 5}, "relu", InputShape{4, 6, 1})); });
    EXPECT_TRUE(contains(large, "(5, 5)") && contains(large, "(None, 4, 6, 1)") && contains(large, "\"same\"")) << large;
    // Weights of the wrong shape, and before the layer knows its channels.
    Conv2D layer(2, {3, 3});
    EXPECT_TRUE(contains(message_of<std::invalid_argument>([&] { layer.set_weights({Matrix(9, 2), Matrix(1, 2)}); }),
                         "before build"));
    layer.build({5, 5, 3});
    EXPECT_TRUE(contains(message_of<std::invalid_argument>([&] { layer.set_weights({Matrix(9, 2), Matrix(1, 2)}); }),
                         "(27, 2)"));
    // An input with another number of values than the built (5, 5, 3).
    EXPECT_THROW(layer.forward(Matrix(2, 50), false), std::invalid_argument);
}

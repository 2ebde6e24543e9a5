// MaxPooling2D and AveragePooling2D: hand-worked 4x4 and 5x5 images, a naive reference loop
// on random data, where the gradient of max goes, Keras's summary row, the model file, errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <sstream>

#include <unistd.h>

#include "neurona/layers.hpp"
#include "neurona/matmul.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"
#include "support.hpp"

using namespace neurona;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool identical(const Matrix& a, const Matrix& b) {
    return a.same_shape(b) && std::memcmp(a.data(), b.data(), a.size() * sizeof(Scalar)) == 0;
}

// One grey 4x4 image as a (1, 16) row, row-major: pixel (i, j) at column i * 4 + j.
const Matrix kImage{{1, 5, 2, 0,  //
                     3, -1, 4, 8,  //
                     0, 2, 9, 7,   //
                     6, 1, 3, 3}};

// A layer built for (H, W, C), so forward can run without a model.
template <class Pool>
Pool built(Shape input, Size2D pool_size, Pool2DOptions options = {}) {
    Pool layer(pool_size, options);
    layer.build(input);
    return layer;
}

// ---- the reference: the definitions as plain loops over the padded image ----------------
// Written from TensorFlow's rules, independently of window.cpp: out and the padding before
// are computed here, and every window position (di, dj) is visited, a padded one skipped.
struct Reference {
    Matrix A, dA_prev;
};

Reference reference_pool(bool max, const Matrix& X, const Matrix& dA, std::size_t H, std::size_t W, std::size_t C,
                         Size2D k, Size2D s, bool same) {
    auto axis = [&](std::size_t in, std::size_t kk, std::size_t ss, std::size_t& out, long& before) {
        out = same ? (in + ss - 1) / ss : (in - kk) / ss + 1;
        const long total = std::max(0L, long((out - 1) * ss + kk) - long(in));
        before = same ? total / 2 : 0;
    };
    std::size_t Ho, Wo;
    long top, left;
    axis(H, k.height, s.height, Ho, top);
    axis(W, k.width, s.width, Wo, left);
    Reference r{Matrix(X.rows(), Ho * Wo * C), Matrix(X.rows(), H * W * C, 0)};
    for (std::size_t n = 0; n < X.rows(); ++n)
        for (std::size_t i = 0; i < Ho; ++i)
            for (std::size_t j = 0; j < Wo; ++j)
                for (std::size_t c = 0; c < C; ++c) {
                    Scalar best = -std::numeric_limits<Scalar>::infinity(), sum = 0;
                    std::size_t best_at = 0, count = 0;
                    for (std::size_t di = 0; di < k.height; ++di)
                        for (std::size_t dj = 0; dj < k.width; ++dj) {
                            const long row = long(i * s.height + di) - top, col = long(j * s.width + dj) - left;
                            if (row < 0 || col < 0 || row >= long(H) || col >= long(W)) continue;
                            const std::size_t at = (std::size_t(row) * W + std::size_t(col)) * C + c;
                            if (X(n, at) > best) best = X(n, at), best_at = at;
                            sum += X(n, at);
                            ++count;
                        }
                    const std::size_t o = (i * Wo + j) * C + c;
                    r.A(n, o) = max ? best : sum / Scalar(count);
                    if (max) {
                        r.dA_prev(n, best_at) += dA(n, o);
                    } else {
                        for (std::size_t di = 0; di < k.height; ++di)
                            for (std::size_t dj = 0; dj < k.width; ++dj) {
                                const long row = long(i * s.height + di) - top, col = long(j * s.width + dj) - left;
                                if (row < 0 || col < 0 || row >= long(H) || col >= long(W)) continue;
                                r.dA_prev(n, (std::size_t(row) * W + std::size_t(col)) * C + c) += dA(n, o) / Scalar(count);
                            }
                    }
                }
    return r;
}

}  // namespace

// ---- hand-worked values -----------------------------------------------------------------

TEST(MaxPooling2D, TwoByTwoValidByHand) {
    // Windows {1,5,3,-1} {2,0,4,8} / {0,2,6,1} {9,7,3,3}.
    MaxPooling2D pool = built<MaxPooling2D>({4, 4, 1}, 2);
    EXPECT_EQ(pool.strides(), Size2D(2, 2));  // Keras's strides=None: the pool size
    EXPECT_EQ(pool.output_shape(), (Shape{2, 2, 1}));
    EXPECT_TRUE(allclose(pool.forward(kImage, false), Matrix{{5, 8, 6, 9}}, 0, 0)) << pool.forward(kImage, false);
    // dA goes to where each max came from: 5 at (0, 1), 8 at (1, 3), 6 at (3, 0), 9 at (2, 2).
    const Matrix dX = pool.backward(Matrix{{10, 20, 30, 40}});
    EXPECT_TRUE(allclose(dX, Matrix{{0, 10, 0, 0, 0, 0, 0, 20, 0, 0, 40, 0, 30, 0, 0, 0}}, 0, 0)) << dX;
}

TEST(AveragePooling2D, TwoByTwoValidByHand) {
    AveragePooling2D pool = built<AveragePooling2D>({4, 4, 1}, 2);
    // (1 + 5 + 3 - 1) / 4, (2 + 0 + 4 + 8) / 4, (0 + 2 + 6 + 1) / 4, (9 + 7 + 3 + 3) / 4.
    EXPECT_TRUE(allclose(pool.forward(kImage, false), Matrix{{2, 3.5, 2.25, 5.5}}, 0, 0));
    // Each window's dA / 4 to each of its four pixels.
    const Matrix dX = pool.backward(Matrix{{4, 8, 12, 16}});
    EXPECT_TRUE(allclose(dX, Matrix{{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}}, 0, 0)) << dX;
}

TEST(MaxPooling2D, StrideOneOverlapsAndSumsTheGradient) {
    // 2x2 windows at every position: 3x3 outputs.
    MaxPooling2D pool = built<MaxPooling2D>({4, 4, 1}, 2, {.strides = Size2D{1}});
    EXPECT_TRUE(allclose(pool.forward(kImage, false), Matrix{{5, 5, 8, 3, 9, 9, 6, 9, 9}}, 0, 0));
    // dA = 1..9: the 5 at (0, 1) wins windows 1 and 2 (1 + 2), the 9 at (2, 2) wins windows
    // 5, 6, 8, 9 (5 + 6 + 8 + 9 = 28); 8, 3 and 6 win one each.
    const Matrix dX = pool.backward(Matrix{{1, 2, 3, 4, 5, 6, 7, 8, 9}});
    EXPECT_TRUE(allclose(dX, Matrix{{0, 3, 0, 0, 4, 0, 0, 3, 0, 0, 28, 0, 7, 0, 0, 0}}, 0, 0)) << dX;
}

TEST(AveragePooling2D, StrideOneOverlaps) {
    AveragePooling2D pool = built<AveragePooling2D>({4, 4, 1}, 2, {.strides = Size2D{1}});
    EXPECT_TRUE(allclose(pool.forward(kImage, false), Matrix{{2, 2.5, 3.5, 1, 3.5, 7, 2.25, 3.75, 5.5}}, 0, 0));
    // dA = 4 everywhere: each pixel gets 1 per window covering it (corner 1, edge 2, inside 4).
    const Matrix dX = pool.backward(Matrix(1, 9, 4));
    EXPECT_TRUE(allclose(dX, Matrix{{1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1}}, 0, 0)) << dX;
}

TEST(Pooling2D, SameThreeByThreePadsOneOnEachSide) {
    // pool 3, stride 1, "same": out 4x4, one padded row/column before and after. Window (i, j)
    // covers rows i-1..i+1 and columns j-1..j+1 of the image, cut at its border.
    MaxPooling2D max = built<MaxPooling2D>({4, 4, 1}, 3, {.strides = Size2D{1}, .padding = "same"});
    EXPECT_TRUE(allclose(max.forward(kImage, false), Matrix{{5, 5, 8, 8, 5, 9, 9, 9, 6, 9, 9, 9, 6, 9, 9, 9}}, 0, 0));
    // The average divides by the real pixels only: 4 in a corner, 6 on an edge, 9 inside.
    AveragePooling2D avg = built<AveragePooling2D>({4, 4, 1}, 3, {.strides = Size2D{1}, .padding = "same"});
    const Matrix expected{{8.0 / 4, 14.0 / 6, 18.0 / 6, 14.0 / 4,  //
                           10.0 / 6, 25.0 / 9, 36.0 / 9, 30.0 / 6,  //
                           11.0 / 6, 27.0 / 9, 36.0 / 9, 34.0 / 6,  //
                           9.0 / 4, 21.0 / 6, 25.0 / 6, 22.0 / 4}};
    EXPECT_TRUE(allclose(avg.forward(kImage, false), expected, 1e-6f, 0)) << avg.forward(kImage, false);
}

TEST(Pooling2D, SameOnFiveByFiveUsesThePadAfter) {
    // pool 2, stride 2 on 5x5, "same": out 3x3; the one padded row and column come after
    // (TensorFlow: pad / 2 = 0 before). All values negative: a zero pad would win a max.
    Matrix X(1, 25);
    for (std::size_t p = 0; p < 25; ++p) X(0, p) = -Scalar(p + 1);  // -1 .. -25, row-major
    MaxPooling2D max = built<MaxPooling2D>({5, 5, 1}, 2, {.padding = "same"});
    EXPECT_EQ(max.output_shape(), (Shape{3, 3, 1}));
    EXPECT_TRUE(allclose(max.forward(X, false), Matrix{{-1, -3, -5, -11, -13, -15, -21, -23, -25}}, 0, 0));
    // The gradient reaches the real pixel that won, never the padding.
    Matrix dX = max.backward(Matrix(1, 9, 1));
    EXPECT_EQ(dX(0, 4), 1);   // -5 at (0, 4): its window is column 4 alone, and the pad
    EXPECT_EQ(dX(0, 24), 1);  // -25 at (4, 4): a window of one real pixel
    EXPECT_EQ(dX.sum(), 9);

    AveragePooling2D avg = built<AveragePooling2D>({5, 5, 1}, 2, {.padding = "same"});
    // -(1+2+6+7)/4, -(3+4+8+9)/4, -(5+10)/2; -(11+12+16+17)/4, ...; -(21+22)/2, -(23+24)/2, -25/1.
    EXPECT_TRUE(allclose(avg.forward(X, false), Matrix{{-4, -6, -7.5, -14, -16, -17.5, -21.5, -23.5, -25}}, 0, 0));
    // dA = 1: each pixel gets 1 / (its window's real pixels): 1/4 inside, 1/2 on the last
    // row and column, 1 in the corner.
    dX = avg.backward(Matrix(1, 9, 1));
    for (std::size_t r = 0; r < 5; ++r)
        for (std::size_t q = 0; q < 5; ++q)
            EXPECT_EQ(dX(0, r * 5 + q), r < 4 && q < 4 ? 0.25f : r == 4 && q == 4 ? 1.0f : 0.5f) << r << "," << q;
}

TEST(Pooling2D, ChannelsLastKeepsChannelsApart) {
    // A 2x2 image with 2 channels, stored pixel by pixel: (0,0) [1, 8], (0,1) [2, 7],
    // (1,0) [3, 6], (1,1) [4, 5]. Channel 0 is 1..4, channel 1 is 8..5.
    const Matrix X{{1, 8, 2, 7, 3, 6, 4, 5}};
    EXPECT_TRUE(allclose(built<MaxPooling2D>({2, 2, 2}, 2).forward(X, false), Matrix{{4, 8}}, 0, 0));
    EXPECT_TRUE(allclose(built<AveragePooling2D>({2, 2, 2}, 2).forward(X, false), Matrix{{2.5, 6.5}}, 0, 0));
}

TEST(MaxPooling2D, ATieSendsTheGradientToTheFirstInWindowOrder) {
    // As TensorFlow's MaxPoolGrad: the first maximum in row-major order inside the window.
    MaxPooling2D pool = built<MaxPooling2D>({2, 4, 1}, 2);
    // Window 1: all 3 -> (0, 0). Window 2: 7 at (0, 3) and (1, 3) -> (0, 3).
    const Matrix X{{3, 3, 1, 7,  //
                    3, 3, 2, 7}};
    EXPECT_TRUE(allclose(pool.forward(X, false), Matrix{{3, 7}}, 0, 0));
    const Matrix dX = pool.backward(Matrix{{1, 2}});
    EXPECT_TRUE(allclose(dX, Matrix{{1, 0, 0, 2, 0, 0, 0, 0}}, 0, 0)) << dX;
}

// ---- against the reference loops -------------------------------------------------------

struct PoolCase {
    std::size_t H, W, C;
    Size2D k, s;
    bool same;
};

TEST(Pooling2D, MatchesTheReferenceLoopsOnRandomData) {
    const PoolCase cases[] = {
        {7, 6, 3, {2, 2}, {2, 2}, false}, {7, 6, 3, {3, 2}, {1, 2}, true}, {5, 5, 2, {3, 3}, {2, 2}, true},
        {6, 8, 4, {2, 3}, {3, 1}, false}, {4, 4, 1, {4, 4}, {1, 1}, true}, {9, 7, 5, {3, 3}, {2, 3}, true},
        {1, 1, 2, {1, 1}, {1, 1}, false}, {3, 10, 2, {1, 4}, {2, 4}, true},
    };
    Rng rng(7);
    for (const PoolCase& t : cases) {
        SCOPED_TRACE(::testing::Message() << t.H << "x" << t.W << "x" << t.C << " pool " << t.k.height << "x"
                                          << t.k.width << " strides " << t.s.height << "x" << t.s.width
                                          << (t.same ? " same" : " valid"));
        const Pool2DOptions options{.strides = t.s, .padding = t.same ? "same" : "valid"};
        const Matrix X = rng.uniform_matrix(3, t.H * t.W * t.C, -1, 1);
        MaxPooling2D max = built<MaxPooling2D>({t.H, t.W, t.C}, t.k, options);
        AveragePooling2D avg = built<AveragePooling2D>({t.H, t.W, t.C}, t.k, options);
        const Matrix A_max = max.forward(X, false), A_avg = avg.forward(X, false);
        const Matrix dA = rng.uniform_matrix(3, A_max.cols(), -1, 1);
        const Reference r_max = reference_pool(true, X, dA, t.H, t.W, t.C, t.k, t.s, t.same);
        const Reference r_avg = reference_pool(false, X, dA, t.H, t.W, t.C, t.k, t.s, t.same);
        EXPECT_TRUE(identical(A_max, r_max.A));
        EXPECT_TRUE(allclose(max.backward(dA), r_max.dA_prev, 1e-6f, 1e-7f));
        EXPECT_TRUE(allclose(A_avg, r_avg.A, 1e-6f, 1e-7f));
        EXPECT_TRUE(allclose(avg.backward(dA), r_avg.dA_prev, 1e-6f, 1e-7f));
    }
}

// Samples of more than kParallelChunk values (26x26x32, the convnet's first pooling) are
// split over the pool one per task: 3 samples give the reference loops' values, and the same
// bits at 1 and 2 threads, forward and backward, max and average.
TEST(Pooling2D, LargeSamplesSplitOverThePoolMatchTheReferenceOnOneAndTwoThreads) {
    Rng rng(3);
    const std::size_t H = 26, W = 26, C = 32;
    const Matrix X = rng.uniform_matrix(3, H * W * C, -1, 1);
    ASSERT_GT(X.cols(), kParallelChunk);
    const Matrix dA = rng.uniform_matrix(3, 13 * 13 * C, -1, 1);
    for (bool max : {true, false}) {
        SCOPED_TRACE(max ? "max" : "average");
        const auto run = [&] {
            std::unique_ptr<Layer> pool;
            if (max) pool = std::make_unique<MaxPooling2D>(built<MaxPooling2D>({H, W, C}, {2, 2}));
            else pool = std::make_unique<AveragePooling2D>(built<AveragePooling2D>({H, W, C}, {2, 2}));
            Matrix A = pool->forward(X, true);
            return std::pair{A, pool->backward(dA)};
        };
        const auto [one, two] = at_1_and_2_threads(run);
        const Reference ref = reference_pool(max, X, dA, H, W, C, {2, 2}, {2, 2}, false);
        EXPECT_TRUE(same_bits(one.first, two.first) && same_bits(one.second, two.second));
        EXPECT_TRUE(allclose(one.first, ref.A, 1e-6f, 1e-7f));
        EXPECT_TRUE(allclose(one.second, ref.dA_prev, 1e-6f, 1e-7f));
    }
}

// ---- in a model: summary, the model file ------------------------------------------------

TEST(Pooling2D, SummaryRowsAreKeras) {
    clear_session();
    Sequential model;
    model.add(Reshape({26, 26, 32}, InputShape{26 * 26 * 32}));
    model.add(MaxPooling2D({2, 2}));
    model.add(AveragePooling2D(2, {.padding = "same"}));
    std::ostringstream out;
    model.summary(out);
    // Keras: "max_pooling2d (MaxPooling2D)  (None, 13, 13, 32)  0"; 13 / 2 rounded up with "same".
    // "average_pooling2d (AveragePooling2D)" is longer than Keras's 28-character column, so the
    // table widens and every row keeps its columns aligned.
    EXPECT_TRUE(contains(out.str(), " max_pooling2d (MaxPooling2D)         (None, 13, 13, 32)        0         \n"))
        << out.str();
    EXPECT_TRUE(contains(out.str(), " average_pooling2d (AveragePooling2D) (None, 7, 7, 32)          0         \n"))
        << out.str();
    EXPECT_TRUE(contains(out.str(), "Total params: 0\n")) << out.str();
}

TEST(Pooling2D, SettingsLineAndModelFileRoundTrip) {
    EXPECT_EQ(MaxPooling2D().get_config().settings(),
              (std::vector<LayerConfig::Setting>{{"pool_size", "2,2"}, {"strides", "2,2"}, {"padding", "valid"}}));
    EXPECT_EQ(AveragePooling2D({3, 2}, {.strides = Size2D{1, 2}, .padding = "same"}).get_config().settings(),
              (std::vector<LayerConfig::Setting>{{"pool_size", "3,2"}, {"strides", "1,2"}, {"padding", "same"}}));
    // Without strides in a file, Keras's default: the pool size.
    LayerConfig config;
    config.set("pool_size", Shape{3, 3});
    const auto layer = layer_from_config("MaxPooling2D", config);
    EXPECT_EQ(dynamic_cast<const MaxPooling2D&>(*layer).strides(), Size2D(3, 3));

    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("neurona_pooling_test_" + std::to_string(::getpid()) + ".neurona");
    set_global_seed(3);
    Sequential model;
    model.add(Reshape({6, 6, 2}, InputShape{72}));
    model.add(MaxPooling2D(2, {.strides = Size2D{1}, .padding = "same"}));
    model.add(AveragePooling2D({3, 2}));
    model.add(Flatten());
    model.add(Dense(3, "softmax"));
    model.compile("categorical_crossentropy", "adam");
    Rng rng(4);
    const Matrix X = rng.uniform_matrix(5, 72, -1, 1);
    model.save(path);
    Sequential loaded = load_model(path);
    std::filesystem::remove(path);
    EXPECT_TRUE(identical(model.predict(X), loaded.predict(X)));
    std::ostringstream a, b;
    model.summary(a);
    loaded.summary(b);
    EXPECT_EQ(a.str(), b.str());
    EXPECT_EQ(loaded.layer(1).get_config().settings(), model.layer(1).get_config().settings());
}

// ---- errors -------------------------------------------------------------------------------

TEST(Pooling2D, BadSettingsAndInputsAreNamed) {
    const std::string zero_pool = message_of<std::invalid_argument>([] { MaxPooling2D({0, 2}); });
    EXPECT_TRUE(contains(zero_pool, "MaxPooling2D") && contains(zero_pool, "pool_size") && contains(zero_pool, "(0, 2)"))
        << zero_pool;
    const std::string zero_stride =
        message_of<std::invalid_argument>([] { AveragePooling2D(2, {.strides = Size2D{1, 0}}); });
    EXPECT_TRUE(contains(zero_stride, "AveragePooling2D") && contains(zero_stride, "strides") &&
                contains(zero_stride, "(1, 0)"))
        << zero_stride;
    const std::string padding = message_of<std::invalid_argument>([] { MaxPooling2D(2, {.padding = "full"}); });
    EXPECT_TRUE(contains(padding, "MaxPooling2D") && contains(padding, "\"full\"")) << padding;

    // A 2-D input: images are (height, width, channels).
    MaxPooling2D pool;
    const std::string flat = message_of<std::invalid_argument>([&] { pool.build({28, 28}); });
    EXPECT_TRUE(contains(flat, "MaxPooling2D") && contains(flat, "(None, 28, 28)") && contains(flat, "Reshape"))
        << flat;
    // A window larger than the image with "valid"; "same" takes it.
    const std::string big = message_of<std::invalid_argument>([] { built<MaxPooling2D>({3, 3, 1}, 4); });
    EXPECT_TRUE(contains(big, "(4, 4)") && contains(big, "(None, 3, 3, 1)") && contains(big, "valid")) << big;
    EXPECT_EQ(built<MaxPooling2D>({3, 3, 1}, 4, {.padding = "same"}).output_shape(), (Shape{1, 1, 1}));
    // In a model: the layer's name, and the wrong width at forward.
    Sequential model;
    model.add(Dense(4, "relu", InputShape{3}));
    const std::string in_model = message_of<std::invalid_argument>([&] { model.add(MaxPooling2D()); });
    EXPECT_TRUE(contains(in_model, "max_pooling2d") && contains(in_model, "(None, 4)")) << in_model;
    MaxPooling2D ok = built<MaxPooling2D>({4, 4, 1}, 2);
    EXPECT_THROW(ok.forward(Matrix(1, 15), false), std::invalid_argument);
}

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>

#include "neurona/activations.hpp"
#include "neurona/from_scratch.hpp"
#include "neurona/layers/activation.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/dropout.hpp"
#include "neurona/layers/flatten.hpp"
#include "neurona/layers/linear.hpp"
#include "neurona/layers/normalization.hpp"
#include "neurona/losses.hpp"
#include "neurona/matmul.hpp"
#include "neurona/random.hpp"
#include "support.hpp"

using namespace neurona;

namespace {
// The same values, bit for bit (the shared kernel must not change a single rounding).
bool identical(const Matrix& a, const Matrix& b) {
    return a.same_shape(b) && std::memcmp(a.data(), b.data(), a.size() * sizeof(Scalar)) == 0;
}
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(LinearKernel, ForwardByHand) {
    const Matrix A_prev{{1, 2}, {-1, 0}}, W{{1, -1, 0}, {2, 0.5, 3}}, b{{0.5, -3, 1}};
    // Row 1: [1 + 4 + 0.5, -1 + 1 - 3, 0 + 6 + 1]; row 2: [-1 + 0.5, 1 - 3, 0 + 1].
    const Matrix expected{{5.5, -3, 7}, {-0.5, -2, 1}};
    EXPECT_TRUE(allclose(linear_forward(A_prev, W, b), expected, 0, 0)) << linear_forward(A_prev, W, b);
    Matrix Z(7, 7, 42);  // any storage: overwritten, reshaped
    linear_forward(A_prev, W, b, Z);
    EXPECT_TRUE(allclose(Z, expected, 0, 0)) << Z;
    // b must be (1, units): a (batch, units) b would broadcast silently as a second input.
    const std::string bad_b = message_of<std::invalid_argument>([&] { linear_forward(A_prev, W, Matrix(2, 3)); });
    EXPECT_TRUE(contains(bad_b, "(2, 3)") && contains(bad_b, "b must be (1, units)")) << bad_b;
    EXPECT_THROW(linear_forward(Matrix(2, 3), W, b), std::invalid_argument);
}

TEST(LinearKernel, BackwardByHand) {
    const Matrix A_prev{{1, 2}, {3, 4}}, W{{1, 0, -1}, {2, 1, 0}}, dZ{{1, 0, 2}, {0, 1, -1}};
    Matrix dW, db, dA_prev(5, 5, 42);
    linear_backward(dZ, A_prev, W, dW, db, &dA_prev);
    // dW = A_prev^T . dZ: (1*1 + 3*0, 1*0 + 3*1, 1*2 + 3*-1), (2*1 + 4*0, 2*0 + 4*1, 2*2 + 4*-1)
    EXPECT_TRUE(allclose(dW, Matrix{{1, 3, -1}, {2, 4, 0}}, 0, 0)) << dW;
    // db = sum over the batch of dZ (a sum, not the course's mean)
    EXPECT_TRUE(allclose(db, Matrix{{1, 1, 1}}, 0, 0)) << db;
    // dA_prev = dZ . W^T: (1 + 0 - 2, 2 + 0 + 0), (0 + 0 + 1, 0 + 1 + 0)
    EXPECT_TRUE(allclose(dA_prev, Matrix{{-1, 2}, {1, 1}}, 0, 0)) << dA_prev;
    // Without a dA_prev to fill, only dW and db.
    Matrix dW2, db2;
    linear_backward(dZ, A_prev, W, dW2, db2, nullptr);
    EXPECT_TRUE(identical(dW2, dW) && identical(db2, db));
    const std::string msg = message_of<std::invalid_argument>([&] { linear_backward(Matrix(2, 2), A_prev, W, dW, db, nullptr); });
    EXPECT_TRUE(contains(msg, "(2, 2)") && contains(msg, "(2, 3)")) << msg;
    EXPECT_THROW(linear_backward(dZ, Matrix(3, 2), W, dW, db, nullptr), std::invalid_argument);
}

// Above kInlineChunks chunks of values the bias add splits the rows and db the columns over
// the pool: 101 columns (no multiple of db's 16, more than kInlineChunks tasks of them) of 2000
// rows give the bits of the plain loops, Z = matmul then + b row by row, and db = dZ.sum(0)
// (each column summed in row order), at 1 and 2 threads.
TEST(LinearKernel, BiasAndDbSplitOverThePoolAreThePlainLoopsBitForBit) {
    Rng rng(5);
    const Matrix A_prev = rng.uniform_matrix(2000, 20, -1, 1), W = rng.uniform_matrix(20, 101, -1, 1);
    const Matrix b = rng.uniform_matrix(1, 101, -1, 1), dZ = rng.uniform_matrix(2000, 101, -1, 1);
    ASSERT_GT(dZ.size(), (kInlineChunks + 2) * kParallelChunk);
    ASSERT_GT(dZ.cols(), kInlineChunks * kChunkColumns);
    Matrix Z_ref = matmul(A_prev, W);
    for (std::size_t r = 0; r < Z_ref.rows(); ++r)
        for (std::size_t j = 0; j < Z_ref.cols(); ++j) Z_ref(r, j) += b(0, j);
    const Matrix db_ref = dZ.sum(0);
    const auto [Z1, Z2] = at_1_and_2_threads([&] { return linear_forward(A_prev, W, b); });
    const auto [db1, db2] = at_1_and_2_threads([&] {
        Matrix dW, db;
        linear_backward(dZ, A_prev, W, dW, db, nullptr);
        return db;
    });
    EXPECT_TRUE(same_bits(Z1, Z_ref) && same_bits(Z2, Z_ref));
    EXPECT_TRUE(same_bits(db1, db_ref) && same_bits(db2, db_ref)) << db1 << db_ref;
}

TEST(LinearKernel, DenseAndTheFromScratchStepAreTheKernelBitForBit) {
    Rng rng(5);
    const Matrix X = rng.uniform_matrix(7, 4, -1, 1), dA = rng.uniform_matrix(7, 3, -1, 1);
    ScratchNetwork net = initialize_parameters({4, 3}, {"tanh"}, rng);
    Dense dense(3, "tanh");
    dense.set_weights({net.layers[0].W, net.layers[0].b});
    const ActivationFunction& tanh = get_activation("tanh");

    // Forward: A = g(linear_forward(X, W, b)), the same bits three ways.
    const Matrix Z = linear_forward(X, net.layers[0].W, net.layers[0].b);
    const Matrix A = dense.forward(X, true);
    EXPECT_TRUE(identical(A, tanh.forward(Z)));
    EXPECT_TRUE(identical(forward_step(net, X), A));
    EXPECT_TRUE(identical(dense.output_logits(), Z));

    // Backward from the same dL/dA: dZ = dA * g'(Z), then the kernel.
    const Matrix dA_prev = dense.backward(dA);
    Matrix dW, db, expected_dA_prev;
    linear_backward(tanh.backward(Z, A, dA), X, net.layers[0].W, dW, db, &expected_dA_prev);
    EXPECT_TRUE(identical(dense.dW(), dW));
    EXPECT_TRUE(identical(dense.db(), db));
    EXPECT_TRUE(identical(dA_prev, expected_dA_prev));
    // backpropagation gives the layer the same dW and db as Dense on the same dL/dA.
    const Matrix Y = rng.uniform_matrix(7, 3, -1, 1);
    backpropagation(net, Y, "mse");
    dense.backward(get_loss("mse").gradient(Y, A));
    EXPECT_TRUE(identical(net.layers[0].dW, dense.dW()));
    EXPECT_TRUE(identical(net.layers[0].db, dense.db()));
}

TEST(Dense, ForwardByHand) {
    Dense layer(2, "relu");
    layer.set_weights({Matrix{{1, -1}, {2, 0.5}}, Matrix{{0.5, -3}}});
    // Row 1: Z = [1*1 + 2*2 + 0.5, 1*-1 + 2*0.5 - 3] = [5.5, -3] -> relu [5.5, 0]
    // Row 2: Z = [-1 + 0 + 0.5, 1 + 0 - 3] = [-0.5, -2]        -> relu [0, 0]
    const Matrix A = layer.forward(Matrix{{1, 2}, {-1, 0}}, false);
    EXPECT_TRUE(allclose(A, Matrix{{5.5, 0}, {0, 0}})) << A;
    EXPECT_EQ(layer.output_shape(), Shape{2});
}

TEST(Dense, BackwardByHand) {
    Dense layer(1);  // linear: Z = A_prev . W + b, dZ = dA
    layer.set_weights({Matrix{{2}, {3}}, Matrix{{1}}});
    layer.forward(Matrix{{1, 2}, {3, 4}}, true);
    const Matrix dA_prev = layer.backward(Matrix{{1}, {2}});
    // dW = A_prev^T . dZ = [1*1 + 3*2, 2*1 + 4*2] = [7, 10]
    EXPECT_TRUE(allclose(layer.dW(), Matrix{{7}, {10}})) << layer.dW();
    // db = 1 + 2 = 3, a sum over the batch (the course's mean would give 1.5)
    EXPECT_TRUE(allclose(layer.db(), Matrix{{3}})) << layer.db();
    // dA_prev = dZ . W^T = [[2, 3], [4, 6]]
    EXPECT_TRUE(allclose(dA_prev, Matrix{{2, 3}, {4, 6}})) << dA_prev;
    layer.set_needs_input_gradient(false);
    EXPECT_TRUE(layer.backward(Matrix{{1}, {-1}}).empty());
}

TEST(Dense, GlorotUniformAndZeroBias) {
    set_global_seed(1);
    Dense layer(200);
    layer.build({300});
    const double limit = std::sqrt(6.0 / 500);
    EXPECT_LE(layer.W().max(), limit);
    EXPECT_GE(layer.W().min(), -limit);
    EXPECT_GT(layer.W().max(), 0.95 * limit);  // the range is used, not a narrower one
    EXPECT_NEAR(layer.W().mean(), 0.0, 0.01);
    EXPECT_EQ(layer.b().sum(), 0);
    EXPECT_EQ(layer.trainable_count(), 300u * 200 + 200);
}

TEST(Dense, ErrorsNameTheShapes) {
    Dense layer(3, "tanh", InputShape{4});
    layer.build({4});
    try {
        layer.forward(Matrix(2, 5), false);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("(2, 5)"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("(4, 3)"), std::string::npos) << e.what();
    }
    EXPECT_THROW(Dense(3).build({28, 28}), std::invalid_argument);
    EXPECT_THROW(Dense(0), std::invalid_argument);
    EXPECT_THROW(Dense(3, "swish_typo"), std::invalid_argument);
    EXPECT_THROW(layer.set_weights({Matrix(4, 3)}), std::invalid_argument);
    EXPECT_THROW(layer.set_weights({Matrix(5, 3), Matrix(1, 3)}), std::invalid_argument);
}

TEST(Flatten, ChangesTheShapeNotTheValues) {
    Flatten layer(InputShape{2, 3});
    EXPECT_EQ(layer.build({2, 3}), Shape{6});
    const Matrix X{{1, 2, 3, 4, 5, 6}};
    EXPECT_TRUE(allclose(layer.forward(X, false), X));
    EXPECT_THROW(layer.forward(Matrix(1, 5), false), std::invalid_argument);
}

TEST(Dropout, InvertedScalingOnlyInTraining) {
    set_global_seed(7);
    Dropout layer(0.2);
    layer.build({1000});
    const Matrix X(10, 1000, 1);
    const Matrix A = layer.forward(X, true);
    std::size_t zeros = 0;
    for (std::size_t i = 0; i < A.size(); ++i) {
        if (A.data()[i] == 0) ++zeros;
        else EXPECT_FLOAT_EQ(A.data()[i], 1.25f);  // 1 / (1 - 0.2)
    }
    EXPECT_NEAR(static_cast<double>(zeros) / A.size(), 0.2, 0.02);
    EXPECT_NEAR(A.mean(), 1.0, 0.03);  // the expected value is kept
    EXPECT_TRUE(allclose(layer.forward(X, false), X));  // inference: identity
    EXPECT_THROW(Dropout(1.0), std::invalid_argument);
    EXPECT_THROW(Dropout(-0.1), std::invalid_argument);
}

TEST(Dropout, KeepsExactlyTheValuesWhoseDrawIsAtLeastTheRate) {
    // The mask is "uniform() >= rate" for the global generator's draws in order, one per
    // value (tested in integers inside the layer): compared with the draws of a copy of the
    // generator, value by value, for rates whose threshold is not a round number too. The
    // layer takes exactly as many draws as values, and its backward uses the same mask.
    for (double rate : {0.1, 0.2, 0.3, 0.5, 0.7, 0.9}) {
        SCOPED_TRACE(rate);
        set_global_seed(11);
        Rng reference = global_rng();
        Dropout layer(rate);
        layer.build({300});
        Rng values(3);
        const Matrix X = values.uniform_matrix(20, 300, -2, 2), dA = values.uniform_matrix(20, 300, -2, 2);
        const Matrix A = layer.forward(X, true);
        const Matrix dA_prev = layer.backward(dA);
        const auto keep_scale = static_cast<Scalar>(1.0 / (1.0 - rate));
        for (std::size_t i = 0; i < X.size(); ++i) {
            const Scalar mask = reference.uniform() >= rate ? keep_scale : Scalar(0);
            ASSERT_EQ(A.data()[i], X.data()[i] * mask) << "value " << i;
            ASSERT_EQ(dA_prev.data()[i], dA.data()[i] * mask) << "value " << i;
        }
        EXPECT_EQ(global_rng().next_u64(), reference.next_u64());
    }
}

TEST(ActivationLayer, SameAsTheActivationInsideDense) {
    // Dense(2) then Activation("tanh") computes Dense(2, "tanh") in two layers.
    Dense linear(2), fused(2, "tanh");
    const std::vector<Matrix> w{Matrix{{0.5, -1}, {2, 0.25}}, Matrix{{0.1, -0.2}}};
    linear.set_weights(w);
    fused.set_weights(w);
    Activation tanh_layer("tanh");
    tanh_layer.build({2});
    const Matrix X{{1, 2}, {-3, 0.5}};
    const Matrix A = tanh_layer.forward(linear.forward(X, false), false);
    EXPECT_TRUE(allclose(A, fused.forward(X, false), 1e-6f, 1e-7f)) << A;
    // dZ = dA * (1 - tanh(Z)^2), by hand for the first element: Z = 1*0.5 + 2*2 + 0.1 = 4.6.
    const Matrix dZ = tanh_layer.backward(Matrix{{1, 0}, {0, 0}});
    EXPECT_NEAR(dZ(0, 0), 1 - std::pow(std::tanh(4.6), 2), 1e-6);
    EXPECT_EQ(dZ(0, 1), 0);
    EXPECT_THROW(Activation("nope"), std::invalid_argument);
}

// ---- What the base class does for every layer -------------------------------------------

namespace {
// One built layer of each type, for inputs of 4 features (Flatten: of shape (2, 2)).
std::vector<std::unique_ptr<Layer>> one_of_each() {
    std::vector<std::unique_ptr<Layer>> layers;
    layers.push_back(std::make_unique<Dense>(3, "tanh"));
    layers.push_back(std::make_unique<Activation>("relu"));
    layers.push_back(std::make_unique<Dropout>(0.5));
    layers.push_back(std::make_unique<Flatten>());
    layers.push_back(std::make_unique<Normalization>());
    for (auto& layer : layers) {
        layer->set_name("it");
        layer->build(layer->type() == "Flatten" ? Shape{2, 2} : Shape{4});
    }
    return layers;
}
}  // namespace

TEST(LayerBookkeeping, ForwardChecksTheInputForEveryLayer) {
    for (auto& layer : one_of_each()) {
        if (layer->any_width()) continue;  // below
        const std::string msg = message_of<std::invalid_argument>([&] { layer->forward(Matrix(2, 5), true); });
        EXPECT_TRUE(contains(msg, "it (" + layer->type() + ") forward")) << msg;
        EXPECT_TRUE(contains(msg, "(2, 5)") && contains(msg, "4 columns")) << msg;
    }
    EXPECT_THROW(Dense(3).forward(Matrix(2, 4), true), std::logic_error);  // not built
    EXPECT_THROW(Flatten().forward(Matrix(2, 4), true), std::logic_error);
}

TEST(LayerBookkeeping, DropoutAndActivationTakeAnyWidthAsInKeras) {
    // Value by value (softmax row by row): built or not, any width, as chapter 3.4 uses them.
    Dropout dropout(0.5);
    dropout.build({10});
    Activation softmax("softmax");
    EXPECT_TRUE(dropout.any_width() && softmax.any_width());
    const Matrix A = dropout.forward(Matrix(3, 128, 1), true);
    EXPECT_EQ(A.shape(), "(3, 128)");
    EXPECT_EQ(dropout.backward(Matrix(3, 128, 1)).shape(), "(3, 128)");
    EXPECT_THROW(dropout.backward(Matrix(3, 10)), std::invalid_argument);  // the last forward's shape counts
    const Matrix S = softmax.forward(Matrix{{0, 0}}, false);
    EXPECT_TRUE(allclose(S, Matrix{{0.5, 0.5}}, 0, 0)) << S;
    for (auto& layer : one_of_each()) EXPECT_EQ(layer->any_width(), layer->type() == "Dropout" || layer->type() == "Activation");
}

TEST(LayerBookkeeping, BackwardChecksDAAgainstTheLastForward) {
    for (auto& layer : one_of_each()) {
        EXPECT_THROW(layer->backward(Matrix(2, 4)), std::logic_error) << layer->type();  // no forward yet
        const Matrix A = layer->forward(Matrix(2, 4, 0.5), true);
        const std::string msg = message_of<std::invalid_argument>([&] { layer->backward(Matrix(3, A.cols())); });
        EXPECT_TRUE(contains(msg, "it (" + layer->type() + ") backward")) << msg;
        EXPECT_TRUE(contains(msg, "(3, " + std::to_string(A.cols()) + ")") && contains(msg, A.shape())) << msg;
        // The right shape gives dA_prev of A_prev's shape.
        EXPECT_EQ(layer->backward(Matrix(2, A.cols(), 1)).shape(), "(2, 4)") << layer->type();
    }
}

TEST(LayerBookkeeping, NoInputGradientBelowTheFirstLayerWithWeights) {
    for (auto& layer : one_of_each()) {
        layer->forward(Matrix(2, 4, 0.5), true);
        layer->set_needs_input_gradient(false);
        if (layer->trainable_count() == 0) {
            // Nothing to compute: not even dA is looked at (the layer above passed nothing).
            EXPECT_TRUE(layer->backward(Matrix()).empty()) << layer->type();
        } else {
            // Dense still fills dW and db, from a checked dA, and returns nothing.
            auto& dense = dynamic_cast<Dense&>(*layer);
            EXPECT_THROW(dense.backward(Matrix()), std::invalid_argument);
            const Matrix dA(2, 3, 1);
            EXPECT_TRUE(dense.backward(dA).empty());
            const ActivationFunction& tanh = get_activation("tanh");
            const Matrix& Z = dense.output_logits();
            EXPECT_TRUE(identical(dense.db(), tanh.backward(Z, tanh.forward(Z), dA).sum(0))) << dense.db();
        }
    }
}

// ---- The hooks for a fused softmax/sigmoid + cross-entropy gradient -----------------------

TEST(OutputLogits, DenseBackwardFromLogitsIsBackwardWithGPrimeDoneAlready) {
    set_global_seed(2);
    Rng rng(3);
    const Matrix X = rng.uniform_matrix(5, 4, -1, 1), dA = rng.uniform_matrix(5, 3, -1, 1);
    Dense by_dA(3, "softmax"), by_dZ(3, "softmax");
    by_dA.build({4});
    by_dZ.set_weights(by_dA.get_weights());
    const Matrix A = by_dA.forward(X, true);
    by_dZ.forward(X, true);
    ASSERT_EQ(by_dA.output_activation(), &get_activation("softmax"));
    const Matrix& Z = by_dZ.output_logits();
    EXPECT_TRUE(identical(Z, linear_forward(X, by_dA.W(), by_dA.b())));
    // dZ as the activation's backward makes it from dA (softmax: its Jacobian, row by row).
    const Matrix dZ = get_activation("softmax").backward(Z, A, dA);
    const Matrix dA_prev = by_dA.backward(dA), dA_prev_from_dZ = by_dZ.backward_from_logits(dZ);
    EXPECT_TRUE(identical(dA_prev_from_dZ, dA_prev));
    EXPECT_TRUE(identical(by_dZ.dW(), by_dA.dW()));
    EXPECT_TRUE(identical(by_dZ.db(), by_dA.db()));
    // Not the same as feeding dA to it: g' is skipped, so the numbers differ.
    by_dZ.backward_from_logits(dA);
    EXPECT_FALSE(allclose(by_dZ.dW(), by_dA.dW(), 1e-3f, 1e-3f));
    EXPECT_THROW(by_dZ.backward_from_logits(Matrix(4, 3)), std::invalid_argument);
}

TEST(OutputLogits, ActivationLayerHandsDZDown) {
    Activation sigmoid("sigmoid");
    sigmoid.build({2});
    EXPECT_THROW(sigmoid.output_logits(), std::logic_error);  // no forward yet
    const Matrix Z{{0.5, -2}, {3, 0}};
    sigmoid.forward(Z, false);
    EXPECT_EQ(sigmoid.output_activation(), &get_activation("sigmoid"));
    EXPECT_TRUE(identical(sigmoid.output_logits(), Z));
    const Matrix dZ{{0.25, -1}, {2, 0.5}};
    EXPECT_TRUE(identical(sigmoid.backward_from_logits(dZ), dZ));  // dA_prev of this layer is dZ
}

TEST(OutputLogits, LayersWithoutAnOutputActivationSaySo) {
    Dropout dropout(0.5);
    dropout.set_name("dropout");
    dropout.build({3});
    dropout.forward(Matrix(2, 3, 1), true);
    EXPECT_EQ(dropout.output_activation(), nullptr);
    const std::string msg = message_of<std::logic_error>([&] { dropout.output_logits(); });
    EXPECT_TRUE(contains(msg, "dropout (Dropout)") && contains(msg, "no output activation")) << msg;
    EXPECT_THROW(dropout.backward_from_logits(Matrix(2, 3)), std::logic_error);
    Flatten flatten;
    flatten.build({2, 2});
    EXPECT_EQ(flatten.output_activation(), nullptr);
    EXPECT_THROW(flatten.output_logits(), std::logic_error);
}

// ---- Configuration and the registry ---------------------------------------------------------

namespace {
std::string config_text(const LayerConfig& config) {
    std::string text;
    for (const auto& [key, value] : config.settings()) text += (text.empty() ? "" : " ") + key + "=" + value;
    return text;
}
}  // namespace

TEST(LayerConfig, EachLayerGivesItsSettingsInTheModelFilesOrder) {
    EXPECT_EQ(config_text(Dense(4).get_config()), "units=4 activation=linear");
    EXPECT_EQ(config_text(Dense(4, "tanh", InputShape{2}, regularizers::l1_l2(0.01, 0.2)).get_config()),
              "units=4 activation=tanh l1=0.01 l2=0.2 input_shape=2");
    EXPECT_EQ(config_text(Dense(8, "relu", regularizers::l2(1e-7)).get_config()), "units=8 activation=relu l2=1e-07");
    EXPECT_EQ(config_text(Dropout(0.2).get_config()), "rate=0.2");
    EXPECT_EQ(config_text(Activation("softmax").get_config()), "activation=softmax");
    EXPECT_EQ(config_text(Flatten(InputShape{28, 28}).get_config()), "input_shape=28,28");
    EXPECT_EQ(config_text(Flatten().get_config()), "");
    Normalization norm;
    norm.adapt(Matrix{{1, 2, 3}, {4, 5, 6}});
    EXPECT_EQ(config_text(norm.get_config()), "features=3");
}

namespace {
// A configuration for each registered type, and the input it is built for here.
struct Sample {
    LayerConfig config;
    Shape input;
};
std::map<std::string, Sample> samples() {
    std::map<std::string, Sample> s;
    s["Dense"].config.set("units", std::size_t{5});
    s["Dense"].config.set("activation", std::string("elu"));
    s["Dense"].config.set("l2", 0.03);
    s["Dense"].input = {7};
    s["Activation"].config.set("activation", std::string("tanh"));
    s["Activation"].input = {6};
    s["Dropout"].config.set("rate", 0.25);
    s["Dropout"].input = {3};
    s["Flatten"].config.set("input_shape", Shape{4, 3});
    s["Flatten"].input = {4, 3};
    s["Normalization"].config.set("features", std::size_t{9});
    s["Normalization"].input = {9};
    s["Conv2D"].config.set("filters", std::size_t{4});
    s["Conv2D"].config.set("kernel_size", Shape{3, 2});
    s["Conv2D"].config.set("strides", Shape{2, 1});
    s["Conv2D"].config.set("padding", std::string("same"));
    s["Conv2D"].config.set("activation", std::string("relu"));
    s["Conv2D"].input = {7, 5, 3};
    s["MaxPooling2D"].config.set("pool_size", Shape{3, 2});
    s["MaxPooling2D"].config.set("strides", Shape{1, 2});
    s["MaxPooling2D"].config.set("padding", std::string("same"));
    s["MaxPooling2D"].input = {5, 4, 3};
    s["AveragePooling2D"].config.set("pool_size", Shape{2, 2});
    s["AveragePooling2D"].config.set("strides", Shape{2, 2});
    s["AveragePooling2D"].config.set("padding", std::string("valid"));
    s["AveragePooling2D"].input = {5, 4, 3};
    s["Reshape"].config.set("target_shape", Shape{6, 2});
    s["Reshape"].input = {3, 4};
    s["BatchNormalization"].config.set("momentum", 0.9);
    s["BatchNormalization"].config.set("epsilon", 1e-05);
    s["BatchNormalization"].input = {3, 3, 2};
    return s;
}
}  // namespace

TEST(LayerRegistry, EveryRegisteredLayerRoundTripsAndCountsBeforeBuilding) {
    const auto all = samples();
    ASSERT_FALSE(layer_type_names().empty());
    for (const std::string& type : layer_type_names()) {
        SCOPED_TRACE(type);
        ASSERT_TRUE(all.count(type)) << "add a sample configuration for " << type << " to this test";
        const Sample& sample = all.at(type);
        std::unique_ptr<Layer> layer = layer_from_config(type, sample.config);
        EXPECT_EQ(layer->type(), type);
        EXPECT_FALSE(layer->built());
        EXPECT_EQ(config_text(layer->get_config()), config_text(sample.config));
        // Made again from its own configuration: the same configuration.
        EXPECT_EQ(config_text(layer_from_config(type, layer->get_config())->get_config()), config_text(sample.config));
        // What count_params and compute_output_shape promise is what build does.
        const std::size_t counted = layer->count_params(sample.input);
        const Shape output = layer->compute_output_shape(sample.input);
        EXPECT_EQ(layer->build(sample.input), output);
        EXPECT_EQ(counted, layer->trainable_count() + layer->non_trainable_count());
        std::size_t held = 0;
        for (const Matrix& w : layer->get_weights()) held += w.size();
        EXPECT_EQ(counted, held);
    }
    // By hand: Dense(5) on 7 inputs has 7 * 5 + 5 weights; Normalization(9) 2 * 9 + 1;
    // Conv2D(4, (3, 2)) on 3 channels 3 * 2 * 3 * 4 + 4.
    EXPECT_EQ(layer_from_config("Dense", all.at("Dense").config)->count_params({7}), 40u);
    EXPECT_EQ(layer_from_config("Normalization", all.at("Normalization").config)->count_params({9}), 19u);
    EXPECT_EQ(layer_from_config("Conv2D", all.at("Conv2D").config)->count_params({7, 5, 3}), 76u);
}

TEST(LayerRegistry, BadConfigurationsAreNamed) {
    LayerConfig config;
    const std::string unknown = message_of<std::invalid_argument>([&] { layer_from_config("Conv3D", config); });
    EXPECT_TRUE(contains(unknown, "'Conv3D'") && contains(unknown, "Dense, Activation, Dropout, Flatten, Normalization"))
        << unknown;
    EXPECT_EQ(message_of<std::invalid_argument>([&] { layer_from_config("Dense", config); }),
              "missing setting 'units'");
    config.set("units", std::string("4x"));
    EXPECT_EQ(message_of<std::invalid_argument>([&] { layer_from_config("Dense", config); }),
              "setting 'units' is not a count: '4x'");
    config.set("units", std::size_t{4});
    config.set("unit", std::size_t{4});  // a typo is refused, not ignored
    EXPECT_EQ(message_of<std::invalid_argument>([&] { layer_from_config("Dense", config); }),
              "Dense has no setting 'unit'");
    LayerConfig rate;
    rate.set("rate", 1.5);  // the layer's own check
    EXPECT_TRUE(contains(message_of<std::invalid_argument>([&] { layer_from_config("Dropout", rate); }), "[0, 1)"));
    rate.set("rate", std::string("nan"));
    EXPECT_EQ(message_of<std::invalid_argument>([&] { layer_from_config("Dropout", rate); }),
              "setting 'rate' is not a finite number: 'nan'");
    LayerConfig shape;
    shape.set("input_shape", std::string("28,,28"));
    EXPECT_THROW(layer_from_config("Flatten", shape), std::invalid_argument);
}

TEST(LayerRegistry, InputShapeIsEveryLayersSetting) {
    // As Keras's base Layer takes input_shape, any registered layer can be a first layer.
    LayerConfig config;
    config.set("rate", 0.5);
    config.set("input_shape", Shape{6});
    const auto dropout = layer_from_config("Dropout", config);
    ASSERT_TRUE(dropout->declared_input_shape());
    EXPECT_EQ(*dropout->declared_input_shape(), Shape{6});
    EXPECT_EQ(config_text(dropout->get_config()), "rate=0.5 input_shape=6");
}

TEST(LayerRegistry, CountsTooLargeForSizeTAreErrorsNotWrapAround) {
    EXPECT_THROW(shape_size({1ULL << 40, 1ULL << 40}), std::overflow_error);
    EXPECT_THROW(Dense(1ULL << 40).count_params({1ULL << 40}), std::overflow_error);
    EXPECT_EQ(weight_count({{3, 4}, {1, 4}}), 16u);
}

// Normalization: adapt's statistics, Keras's formula, the summary's counts, weights and
// saving. Its gradient is checked in tests/gradcheck/normalization_test.cpp.
#include "neurona/layers/normalization.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <unistd.h>

#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"
#include "support.hpp"

using namespace neurona;

TEST(Normalization, AdaptLearnsMeanAndPopulationVariance) {
    Normalization norm;
    norm.adapt(Matrix{{1, 10}, {2, 20}, {3, 30}, {6, 40}});
    EXPECT_TRUE(norm.built());
    EXPECT_EQ(norm.output_shape(), (Shape{2}));
    // Column 0: mean 3, variance ((-2)^2 + 1 + 0 + 9) / 4 = 3.5 (ddof = 0, as NumPy's var).
    // Column 1: mean 25, variance (225 + 25 + 25 + 225) / 4 = 125.
    EXPECT_TRUE(allclose(norm.mean(), Matrix{{3, 25}}));
    EXPECT_TRUE(allclose(norm.variance(), Matrix{{3.5, 125}}));
    EXPECT_EQ(norm.count(), 4u);
}

TEST(Normalization, ForwardIsKerasFormula) {
    Normalization norm(InputShape{3});
    norm.build({3});
    // Before adapt: mean 0, variance 1, the identity (Keras's initial weights).
    const Matrix X{{1, 5, 7}, {3, 5, -1}};
    EXPECT_TRUE(allclose(norm.forward(X, false), X));
    norm.adapt(X);
    // (x - mean) / max(sqrt(var), 1e-7): column 0 mean 2 std 1; column 1 constant, so
    // (5 - 5) / 1e-7 = 0; column 2 mean 3 std 4.
    EXPECT_TRUE(allclose(norm.forward(X, false), Matrix{{-1, 0, 1}, {1, 0, -1}}));
    EXPECT_TRUE(allclose(norm.forward(Matrix{{4, 5.5, 11}}, false), Matrix{{2, 5e6, 2}}, 1e-4));
    // backward: dA / s, the constant column divided by epsilon.
    EXPECT_TRUE(allclose(norm.backward(Matrix{{1, 1e-7, 8}}), Matrix{{1, 1, 2}}, 1e-5));
}

TEST(Normalization, SummaryCountsTwoFeaturesPlusOneNonTrainable) {
    clear_session();  // the summary's names: normalization, not normalization_3
    Sequential model;
    Normalization norm(InputShape{13});
    norm.adapt(Matrix(5, 13, 1));
    model.add(std::move(norm));
    model.add(Dense(50, "relu"));
    model.add(Dense(1));
    std::ostringstream out;
    model.summary(out);
    const std::string s = out.str();
    EXPECT_NE(s.find("normalization (Normalization)"), std::string::npos) << s;
    EXPECT_NE(s.find("(None, 13)"), std::string::npos) << s;
    EXPECT_NE(s.find("Total params: 778"), std::string::npos) << s;  // 27 + 700 + 51
    EXPECT_NE(s.find("Trainable params: 751"), std::string::npos) << s;
    EXPECT_NE(s.find("Non-trainable params: 27"), std::string::npos) << s;
    EXPECT_EQ(model.count_params(), 778u);
    EXPECT_EQ(model.params().size(), 4u);  // only the Dense layers' W and b are trained
}

TEST(Normalization, WeightsAreMeanVarianceCount) {
    Normalization norm;
    norm.adapt(Matrix{{0, 2}, {2, 6}});
    const auto w = norm.get_weights();
    ASSERT_EQ(w.size(), 3u);
    EXPECT_TRUE(allclose(w[0], Matrix{{1, 4}}));
    EXPECT_TRUE(allclose(w[1], Matrix{{1, 4}}));
    EXPECT_TRUE(allclose(w[2], Matrix{{2}}));

    Normalization other;
    other.set_weights(w);  // builds it
    EXPECT_TRUE(other.built());
    EXPECT_TRUE(allclose(other.forward(Matrix{{3, 8}}, false), Matrix{{2, 2}}));
    EXPECT_THROW(other.set_weights({w[0], w[1]}), std::invalid_argument);
    EXPECT_THROW(other.set_weights({Matrix{{1, 2, 3}}, Matrix{{1, 2, 3}}, w[2]}), std::invalid_argument);
    EXPECT_THROW(other.set_weights({w[0], Matrix{{1, -1}}, w[2]}), std::invalid_argument);
    EXPECT_THROW(other.set_weights({w[0], w[1], Matrix{{1, 2}}}), std::invalid_argument);
}

TEST(Normalization, BadInputIsAnError) {
    Normalization norm(InputShape{2});
    norm.build({2});
    EXPECT_THROW(norm.adapt(Matrix(3, 4)), std::invalid_argument);
    EXPECT_THROW(norm.adapt(Matrix(0, 2)), std::invalid_argument);
    EXPECT_THROW(norm.forward(Matrix(1, 3), false), std::invalid_argument);
    EXPECT_THROW(Normalization().build({28, 28}), std::invalid_argument);
}

TEST(Normalization, SavedAndLoadedWithItsStatistics) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("neurona_norm_" + std::to_string(::getpid()) + ".model")).string();
    Sequential model;
    Normalization norm;  // adapted, with no InputShape: load must build it from features=
    norm.adapt(Matrix{{1, 100}, {3, 300}, {8, 200}});
    model.add(std::move(norm));
    model.add(Dense(2, "tanh"));
    model.compile("mse", "adam");
    model.save(path);
    Sequential loaded = load_model(path);
    std::filesystem::remove(path);
    ASSERT_EQ(loaded.layers().size(), 2u);
    EXPECT_EQ(loaded.layer(0).type(), "Normalization");
    const auto a = model.get_weights(), b = loaded.get_weights();
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(allclose(a[i], b[i], 0, 0)) << i;
    const Matrix X{{2, 150}, {5, 250}};
    EXPECT_TRUE(allclose(model.predict(X), loaded.predict(X), 0, 0));
}

TEST(Normalization, FromItsConfigurationItIsBuiltForItsFeaturesOnly) {
    LayerConfig config;
    config.set("features", std::size_t{3});
    auto norm = layer_from_config("Normalization", config);
    ASSERT_TRUE(norm->configured_input_shape());
    EXPECT_EQ(*norm->configured_input_shape(), Shape{3});  // no input_shape, yet its input is known
    EXPECT_FALSE(norm->declared_input_shape());
    const std::string msg = message_of<std::invalid_argument>([&] { norm->build({4}); });
    EXPECT_NE(msg.find("features=3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("(None, 4)"), std::string::npos) << msg;
    EXPECT_THROW(norm->set_weights({Matrix(1, 4), Matrix(1, 4), Matrix(1, 1)}), std::invalid_argument);
    EXPECT_EQ(norm->build({3}), Shape{3});
    EXPECT_EQ(norm->non_trainable_count(), 7u);  // 2 * 3 + 1
}

// Reshape: the values pass unchanged, the shape changes; MNIST's (784) rows become
// (28, 28, 1) images; the sizes must agree; the model file keeps target_shape.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <sstream>

#include <unistd.h>

#include "neurona/layers.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"
#include "support.hpp"

using namespace neurona;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool identical(const Matrix& a, const Matrix& b) {
    return a.same_shape(b) && std::memcmp(a.data(), b.data(), a.size() * sizeof(Scalar)) == 0;
}
// "key=value key=value", as a model file's layer line writes a configuration.
std::string config_text(const LayerConfig& config) {
    std::string text;
    for (const auto& [key, value] : config.settings()) text += (text.empty() ? "" : " ") + key + "=" + value;
    return text;
}
}  // namespace

TEST(Reshape, ValuesPassUnchangedAndTheShapeChanges) {
    Reshape layer({2, 3, 1});
    EXPECT_EQ(layer.build({6}), (Shape{2, 3, 1}));
    const Matrix X{{1, 2, 3, 4, 5, 6}, {-1, -2, -3, -4, -5, -6}};
    EXPECT_TRUE(identical(layer.forward(X, false), X));
    const Matrix dA{{6, 5, 4, 3, 2, 1}, {0, 1, 0, 1, 0, 1}};
    EXPECT_TRUE(identical(layer.backward(dA), dA));
    // The row-major order is NumPy's reshape: pixel (i, j) of the (2, 3, 1) image is
    // column i * 3 + j, so a 2x2 max pool on (2, 3, 1) sees rows {1, 2, 3} and {4, 5, 6}.
    MaxPooling2D pool({2, 2}, {.strides = Size2D{1}});
    pool.build(layer.output_shape());
    EXPECT_TRUE(identical(pool.forward(layer.forward(X, false), false), Matrix{{5, 6}, {-1, -2}}));
}

TEST(Reshape, TurnsMnistRowsIntoImagesAsAFirstLayer) {
    clear_session();
    Sequential model;
    model.add(Reshape({28, 28, 1}, InputShape{784}));
    model.add(MaxPooling2D());
    model.add(Flatten());
    std::ostringstream out;
    model.summary(out);
    EXPECT_TRUE(contains(out.str(), " reshape (Reshape)            (None, 28, 28, 1)         0 ")) << out.str();
    EXPECT_TRUE(contains(out.str(), "(None, 14, 14, 1)")) << out.str();
    EXPECT_TRUE(contains(out.str(), " flatten (Flatten)            (None, 196)")) << out.str();
    EXPECT_EQ(config_text(model.layer(0).get_config()), "target_shape=28,28,1 input_shape=784");
}

TEST(Reshape, ModelFileRoundTrip) {
    set_global_seed(2);
    Sequential model;
    model.add(Reshape({4, 3}, InputShape{12}));
    model.add(Reshape({12}));
    model.add(Dense(2));
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("neurona_reshape_test_" + std::to_string(::getpid()) + ".neurona");
    model.save(path);
    Sequential loaded = load_model(path);
    std::filesystem::remove(path);
    const Matrix X = Rng(5).uniform_matrix(3, 12, -1, 1);
    EXPECT_TRUE(identical(model.predict(X), loaded.predict(X)));
    EXPECT_EQ(config_text(loaded.layer(0).get_config()), "target_shape=4,3 input_shape=12");
    EXPECT_EQ(config_text(loaded.layer(1).get_config()), "target_shape=12");
}

TEST(Reshape, TheSizesMustAgree) {
    Reshape layer({28, 28, 1});
    const std::string wrong = message_of<std::invalid_argument>([&] { layer.build({780}); });
    EXPECT_TRUE(contains(wrong, "Reshape") && contains(wrong, "(None, 780)") &&
                contains(wrong, "(None, 28, 28, 1)") && contains(wrong, "784"))
        << wrong;
    Sequential model;
    model.add(Dense(10, "relu", InputShape{4}));
    const std::string in_model = message_of<std::invalid_argument>([&] { model.add(Reshape({3, 3})); });
    EXPECT_TRUE(contains(in_model, "reshape") && contains(in_model, "(None, 10)") && contains(in_model, "(None, 3, 3)"))
        << in_model;
    // No axis may be 0, and there is no -1 to infer one.
    const std::string zero = message_of<std::invalid_argument>([] { Reshape({28, 0, 1}); });
    EXPECT_TRUE(contains(zero, "Reshape") && contains(zero, "(None, 28, 0, 1)") && contains(zero, "-1")) << zero;
    EXPECT_THROW(Reshape(Shape{}), std::invalid_argument);
    LayerConfig config;
    EXPECT_EQ(message_of<std::invalid_argument>([&] { layer_from_config("Reshape", config); }),
              "missing setting 'target_shape'");
}

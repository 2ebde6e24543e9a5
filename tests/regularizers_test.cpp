// Kernel regularizers on Dense: the API, the penalty in fit's and evaluate's loss, dW,
// and saving. Their gradients are checked in tests/gradcheck/regularizers_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

using namespace neurona;

TEST(Regularizers, KerasHelpersAndDefaults) {
    EXPECT_EQ(regularizers::l2().l2, 0.01);
    EXPECT_EQ(regularizers::l2().l1, 0.0);
    EXPECT_EQ(regularizers::l1(0.5).l1, 0.5);
    EXPECT_EQ(regularizers::l1_l2().l1, 0.01);
    EXPECT_EQ(regularizers::l1_l2().l2, 0.01);
    EXPECT_FALSE(Regularizer{}.active());
    EXPECT_TRUE(regularizers::l1().active());
    EXPECT_THROW(Dense(3, "relu", Regularizer{-1, 0}), std::invalid_argument);
}

TEST(Regularizers, PenaltyAndItsGradient) {
    Dense layer(2, "linear", regularizers::l1_l2(0.1, 0.2));
    layer.set_weights({Matrix{{1, -2}, {0, 3}}, Matrix{{5, 5}}});  // the bias is not penalized
    // 0.1 * (1 + 2 + 0 + 3) + 0.2 * (1 + 4 + 0 + 9) = 0.6 + 2.8 = 3.4
    EXPECT_NEAR(layer.regularization_loss(), 3.4, 1e-6);
    layer.forward(Matrix{{0, 0}}, true);
    layer.backward(Matrix{{0, 0}});  // no data gradient: dW is the penalty's alone
    // l1 sign(W) + 2 l2 W; sign(0) = 0, as Keras.
    EXPECT_TRUE(allclose(layer.dW(), Matrix{{0.1 + 0.4, -0.1 - 0.8}, {0, 0.1 + 1.2}}));
    EXPECT_TRUE(allclose(layer.db(), Matrix{{0, 0}}));
    EXPECT_EQ(Dense(2).regularization_loss(), 0);
}

TEST(Regularizers, FitAndEvaluateReportLossPlusPenalty) {
    set_global_seed(1);
    Sequential model;
    model.add(Dense(4, "relu", InputShape{2}, regularizers::l2(0.5)));
    model.add(Dense(1));
    model.compile("mse", SGD(0.0));  // learning rate 0: the weights stay, so the numbers can be compared
    const Matrix X{{1, 2}, {-1, 0.5}, {0.3, -2}, {2, 1}}, y{{1}, {0}, {2}, {1}};
    const double data_loss = model.loss().value(y, model.predict(X));
    const double penalty = model.regularization_loss();
    ASSERT_GT(penalty, 0.1);
    const History h = model.fit(X, y, {.epochs = 1, .batch_size = 4, .verbose = 0, .validation_data = {{X, y}}});
    EXPECT_NEAR(h["loss"][0], data_loss + penalty, 1e-5);
    EXPECT_NEAR(h["val_loss"][0], data_loss + penalty, 1e-5);
    EXPECT_NEAR(model.evaluate(X, y, 32, 0)[0], data_loss + penalty, 1e-5);
}

TEST(Regularizers, L2ShrinksTheWeights) {
    // The same data and seed with and without the penalty: weight decay makes W smaller.
    auto trained_norm = [](Regularizer reg) {
        set_global_seed(5);
        Sequential model;
        model.add(Dense(8, "tanh", InputShape{2}, reg));
        model.add(Dense(1));
        model.compile("mse", SGD(0.05));
        Rng rng(2);
        const Matrix X = rng.uniform_matrix(64, 2, -1, 1), y = rng.uniform_matrix(64, 1, -1, 1);
        model.fit(X, y, {.epochs = 30, .batch_size = 16, .verbose = 0});
        const Matrix& W = dynamic_cast<const Dense&>(model.layer(0)).W();
        return (W * W).sum();
    };
    EXPECT_LT(trained_norm(regularizers::l2(0.05)), 0.8 * trained_norm({}));
}

TEST(Regularizers, SavedAndLoaded) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("neurona_reg_" + std::to_string(::getpid()) + ".model")).string();
    Sequential model;
    model.add(Dense(3, "relu", InputShape{2}, regularizers::l1_l2(0.001, 0.25)));
    model.add(Dense(1, "linear", regularizers::l2(0.01)));
    model.add(Dense(1));
    model.compile("mse", "sgd");
    model.save(path);
    Sequential loaded = load_model(path);
    std::filesystem::remove(path);
    const auto& d0 = dynamic_cast<const Dense&>(loaded.layer(0));
    const auto& d1 = dynamic_cast<const Dense&>(loaded.layer(1));
    const auto& d2 = dynamic_cast<const Dense&>(loaded.layer(2));
    EXPECT_EQ(d0.kernel_regularizer().l1, 0.001);
    EXPECT_EQ(d0.kernel_regularizer().l2, 0.25);
    EXPECT_EQ(d1.kernel_regularizer().l1, 0.0);
    EXPECT_EQ(d1.kernel_regularizer().l2, 0.01);
    EXPECT_FALSE(d2.kernel_regularizer().active());
    EXPECT_FLOAT_EQ(loaded.regularization_loss(), model.regularization_loss());
}

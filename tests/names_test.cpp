// number_text, the way every error message writes a number, and the messages that use it: a
// NaN is "NaN" (never printf's "-nan"), a setting reads as it was typed ("0.5", not
// "0.500000").
#include "neurona/names.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "neurona/layers/dense.hpp"
#include "neurona/layers/dropout.hpp"
#include "neurona/model.hpp"
#include "neurona/optimizers.hpp"
#include "support.hpp"

using namespace neurona;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(NumberText, ShortestDigitsAndNaNInfSpelledOut) {
    EXPECT_EQ(number_text(0.2), "0.2");
    EXPECT_EQ(number_text(1e-7), "1e-07");
    EXPECT_EQ(number_text(-3.0), "-3");
    EXPECT_EQ(number_text(0.1f), "0.1");  // a float's digits, not 0.10000000149011612
    EXPECT_EQ(number_text(1.0 / 3), "0.3333333333333333");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(number_text(nan), "NaN");
    EXPECT_EQ(number_text(-nan), "NaN");  // printf writes this one "-nan"
    EXPECT_EQ(number_text(-std::numeric_limits<float>::quiet_NaN()), "NaN");
    EXPECT_EQ(number_text(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(number_text(-std::numeric_limits<float>::infinity()), "-inf");
}

TEST(NumberText, SettingMessagesSayNaN) {
    const double nan = -std::numeric_limits<double>::quiet_NaN();
    const std::string dropout = message_of<std::invalid_argument>([&] { Dropout d(nan); });
    EXPECT_TRUE(contains(dropout, "rate must be in [0, 1), got NaN")) << dropout;
    const std::string sgd = message_of<std::invalid_argument>([&] { SGD s({.learning_rate = 0.01, .momentum = nan}); });
    EXPECT_TRUE(contains(sgd, "momentum must be in [0, 1], got NaN")) << sgd;
    EXPECT_FALSE(contains(sgd, "nan")) << sgd;
    const std::string rate = message_of<std::invalid_argument>([] { SGD s(-0.5); });
    EXPECT_TRUE(contains(rate, "learning_rate must be in [0, inf), got -0.5")) << rate;
}

TEST(NumberText, ALossThatTurnsNaNIsCalledNaN) {
    // Finite inputs and weights, Z = (3e38 * 2, 0) = (inf, 0): softmax's exp(Z - max Z) takes
    // exp(inf - inf) = exp(NaN), so the loss is NaN.
    Sequential model;
    model.add(Dense(2, "softmax", InputShape{1}));
    model.compile("categorical_crossentropy", "sgd");
    model.set_weights({Matrix{{2, 0}}, Matrix{{0, 0}}});
    const Matrix X{{3e38}}, y{{1, 0}};
    const std::string message =
        message_of<std::runtime_error>([&] { model.fit(X, y, {.epochs = 1, .verbose = 0}); });
    EXPECT_TRUE(contains(message, "the loss became NaN at epoch 1, batch 1")) << message;
    EXPECT_FALSE(contains(message, "nan")) << message;
}

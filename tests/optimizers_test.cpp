#include "neurona/optimizers.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <filesystem>
#include <unistd.h>

#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"
#include "support.hpp"

using namespace neurona;

namespace {
// One weight w = 1 with a constant gradient g = 0.5, stepped `steps` times.
Scalar step_constant_gradient(Optimizer& opt, int steps) {
    Matrix w{{1}}, g{{0.5}};
    for (int i = 0; i < steps; ++i) opt.update({{"w", &w, &g}});
    return w(0, 0);
}
}  // namespace

TEST(Optimizers, KerasDefaults) {
    SGD sgd;
    EXPECT_DOUBLE_EQ(sgd.learning_rate, 0.01);
    EXPECT_EQ(sgd.momentum, 0.0);
    EXPECT_FALSE(sgd.nesterov);
    RMSprop rms;
    EXPECT_DOUBLE_EQ(rms.learning_rate, 0.001);
    EXPECT_DOUBLE_EQ(rms.rho, 0.9);
    EXPECT_DOUBLE_EQ(rms.epsilon, 1e-7);
    Adam adam;
    EXPECT_DOUBLE_EQ(adam.learning_rate, 0.001);
    EXPECT_DOUBLE_EQ(adam.beta_1, 0.9);
    EXPECT_DOUBLE_EQ(adam.beta_2, 0.999);
    EXPECT_DOUBLE_EQ(adam.epsilon, 1e-7);
}

TEST(Optimizers, PlainSgdStep) {
    SGD sgd;  // w = 1 - 0.01 * 0.5 = 0.995, then 0.99
    EXPECT_FLOAT_EQ(step_constant_gradient(sgd, 1), 0.995f);
    SGD sgd2;
    EXPECT_FLOAT_EQ(step_constant_gradient(sgd2, 2), 0.99f);
}

TEST(Optimizers, MomentumByHand) {
    // v1 = -0.005, w1 = 0.995; v2 = 0.9 * -0.005 - 0.005 = -0.0095, w2 = 0.9855.
    SGD sgd({.learning_rate = 0.01, .momentum = 0.9});
    EXPECT_FLOAT_EQ(step_constant_gradient(sgd, 2), 0.9855f);
}

TEST(Optimizers, NesterovByHand) {
    // v1 = -0.005, w1 = 1 + 0.9 * -0.005 - 0.005 = 0.9905;
    // v2 = -0.0095, w2 = 0.9905 + 0.9 * -0.0095 - 0.005 = 0.97695.
    SGD sgd({.learning_rate = 0.01, .momentum = 0.9, .nesterov = true});
    EXPECT_FLOAT_EQ(step_constant_gradient(sgd, 2), 0.97695f);
}

TEST(Optimizers, RmspropByHand) {
    // s = 0.1 * 0.25 = 0.025; w = 1 - 0.001 * 0.5 / sqrt(0.025 + 1e-7) = 0.99683773.
    RMSprop rms;
    EXPECT_NEAR(step_constant_gradient(rms, 1), 0.99683773, 1e-6);
    // second step: s = 0.9 * 0.025 + 0.025 = 0.0475; w -= 0.0005 / sqrt(0.0475001) = 0.99454357.
    RMSprop rms2;
    EXPECT_NEAR(step_constant_gradient(rms2, 2), 0.99454357, 1e-6);
    // Where epsilon matters (Keras 3 puts it inside the root): g = 1e-4 gives
    // s = 1e-9, w = 1 - 1e-7 / sqrt(1.01e-7) = 1 - 3.1466e-4 (not 1 - 3.1523e-3).
    RMSprop rms3;
    Matrix w{{1}}, g{{1e-4}};
    rms3.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), 1 - 3.14658e-4, 1e-7);
}

TEST(Optimizers, AdamByHand) {
    // Step 1: m = 0.05, v = 0.00025, alpha = 0.001 * sqrt(0.001) / 0.1 = 3.1622777e-4,
    // w = 1 - alpha * 0.05 / (0.0158114 + 1e-7) = 0.99900000 (a constant gradient moves by lr).
    Adam adam;
    EXPECT_NEAR(step_constant_gradient(adam, 1), 0.999, 1e-6);
    Adam adam3;
    EXPECT_NEAR(step_constant_gradient(adam3, 3), 0.997, 2e-6);
    // With a changing gradient the step is not lr: g = 0.5 then -0.5.
    // Step 2: m = 0.045 - 0.05 = -0.005, v = 0.00024975 + 0.00025 = 0.00049975,
    // alpha = 0.001 * sqrt(1 - 0.998001) / 0.19 = 2.3531674e-4,
    // w = 0.999 + alpha * 0.005 / 0.0223551 = 0.999 + 5.263e-5 = 0.99905263.
    Adam adam2;
    Matrix w{{1}}, g{{0.5}};
    adam2.update({{"w", &w, &g}});
    g(0, 0) = -0.5;
    adam2.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), 0.99905263, 1e-6);
}

TEST(Optimizers, UnknownNameListsKnownOnes) {
    try {
        get_optimizer("adamw");
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("adamw"), std::string::npos);
        EXPECT_NE(msg.find("sgd, rmsprop, adam"), std::string::npos);
    }
    EXPECT_EQ(get_optimizer("rmsprop")->name(), "rmsprop");
}

TEST(Optimizers, ChangedParameterListIsAnError) {
    Adam adam;
    Matrix w{{1, 2}}, g{{0.1, 0.1}};
    adam.update({{"w", &w, &g}});
    Matrix w2{{1}}, g2{{0.1}};
    EXPECT_THROW(adam.update({{"w", &w2, &g2}}), std::invalid_argument);
    Matrix bad_grad{{1, 2, 3}};
    EXPECT_THROW(SGD().update({{"w", &w, &bad_grad}}), std::invalid_argument);
}

TEST(Optimizers, AFailedCheckMovesNoWeight) {
    // The second parameter's gradient has the wrong shape: update throws before the first
    // parameter moves, and the step is not counted.
    SGD sgd;
    Matrix w1{{1}}, g1{{0.5}}, w2{{1, 2}}, g2{{0.5}};
    EXPECT_THROW(sgd.update({{"w1", &w1, &g1}, {"w2", &w2, &g2}}), std::invalid_argument);
    EXPECT_EQ(w1(0, 0), 1);
    EXPECT_EQ(sgd.iterations, 0u);
}

// ---- Settings declared once: the settings struct and the table -------------------------

TEST(Optimizers, SettingsByNameAsInKeras) {
    // Keras: Adam(learning_rate=0.01, beta_1=0.8); the others keep their defaults.
    const Adam adam({.learning_rate = 0.01, .beta_1 = 0.8});
    EXPECT_EQ(adam.learning_rate, 0.01);
    EXPECT_EQ(adam.beta_1, 0.8);
    EXPECT_EQ(adam.beta_2, 0.999);
    EXPECT_EQ(adam.epsilon, 1e-7);
    // Keras's first positional argument is the learning rate: Adam(0.01).
    const Adam positional(0.01);
    EXPECT_EQ(positional.learning_rate, 0.01);
    EXPECT_EQ(positional.beta_1, 0.9);
    EXPECT_EQ(adam.get("beta_1"), 0.8);
    EXPECT_EQ(SGD({.nesterov = true}).get("nesterov"), 1);
}

TEST(Optimizers, DescriptionWritesTheKerasCall) {
    EXPECT_EQ(Adam().description(), "Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)");
    EXPECT_EQ(SGD({.learning_rate = 0.1, .momentum = 0.9, .nesterov = true}).description(),
              "SGD(learning_rate=0.1, momentum=0.9, nesterov=true)");
    EXPECT_EQ(get_optimizer("adagrad")->description(),
              "Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07)");
}

TEST(Optimizers, SetChecksLikeTheConstructor) {
    Adam adam;
    adam.set("learning_rate", 0.5);
    EXPECT_EQ(adam.learning_rate, 0.5);
    // The same message as Adam({.beta_1 = 1}), and the setting keeps its value.
    const std::string set = message_of<std::invalid_argument>([&] { adam.set("beta_1", 1); });
    EXPECT_EQ(set, "Adam: beta_1 must be in [0, 1), got 1");
    EXPECT_EQ(message_of<std::invalid_argument>([] { Adam({.beta_1 = 1}); }), set);
    EXPECT_EQ(adam.beta_1, 0.9);
    EXPECT_EQ(message_of<std::invalid_argument>([] { SGD().set("nesterov", 0.5); }),
              "SGD: nesterov must be 0 or 1, got 0.5");
    const std::string unknown = message_of<std::invalid_argument>([&] { adam.set("beta_3", 0.5); });
    EXPECT_NE(unknown.find("unknown Adam setting 'beta_3'"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("learning_rate, beta_1, beta_2, epsilon"), std::string::npos) << unknown;
    EXPECT_THROW(adam.get("rho"), std::invalid_argument);
}

TEST(Optimizers, TheLearningRateChangesBetweenSteps) {
    // w = 1 - 0.01 * 0.5 = 0.995, then with lr 0.1: 0.995 - 0.1 * 0.5 = 0.945.
    SGD sgd;
    Matrix w{{1}}, g{{0.5}};
    sgd.update({{"w", &w, &g}});
    sgd.set("learning_rate", 0.1);
    sgd.update({{"w", &w, &g}});
    EXPECT_FLOAT_EQ(w(0, 0), 0.945f);
}

TEST(Optimizers, EveryRegisteredOptimizerIsServedFromItsTable) {
    for (const std::string& name : optimizer_names()) {
        SCOPED_TRACE(name);
        const auto opt = get_optimizer(name);
        EXPECT_EQ(opt->name(), name);
        const auto settings = opt->settings();
        ASSERT_FALSE(settings.empty());
        EXPECT_EQ(settings[0].name, "learning_rate");
        EXPECT_EQ(opt->description().rfind(opt->class_name() + "(learning_rate=", 0), 0u) << opt->description();
        // A changed learning rate survives clone; the clone has no state.
        opt->set("learning_rate", 0.25);
        Matrix w{{1, 2}}, g{{0.5, -0.5}};
        opt->update({{"w", &w, &g}});
        const auto copy = opt->clone();
        EXPECT_EQ(copy->get("learning_rate"), 0.25);
        EXPECT_EQ(copy->iterations, 0u);
        for (const Slot& slot : copy->state().slots) EXPECT_TRUE(slot.matrices->empty()) << slot.name;
        EXPECT_EQ(opt->iterations, 1u);
        // A setting that is not a number in its range is refused by every optimizer.
        EXPECT_THROW(opt->set("learning_rate", -1), std::invalid_argument);
        EXPECT_THROW(opt->set("learning_rate", std::nan("")), std::invalid_argument);
    }
}

TEST(Optimizers, StateHoldsTheSlotsAndTheStepCount) {
    // Adam with g = 0.5 twice: m = 0.05, then 0.9 * 0.05 + 0.05 = 0.095;
    // v = 0.00025, then 0.999 * 0.00025 + 0.00025 = 0.00049975 (0.0004997436 in float, where
    // 1 - b2 is 0.00099998713).
    Adam adam;
    EXPECT_EQ(adam.state().slots.size(), 2u);
    EXPECT_TRUE(adam.state().slots[0].matrices->empty());
    step_constant_gradient(adam, 2);
    EXPECT_EQ(adam.iterations, 2u);
    const OptimizerState state = adam.state();
    ASSERT_EQ(state.slots.size(), 2u);
    EXPECT_STREQ(state.slots[0].name, "m");
    EXPECT_STREQ(state.slots[1].name, "v");
    EXPECT_FLOAT_EQ((*state.slots[0].matrices)[0](0, 0), 0.095f);
    EXPECT_NEAR((*state.slots[1].matrices)[0](0, 0), 0.00049975, 1e-8);
    // Adagrad's accumulator starts at initial_accumulator_value: 0.3 + 0.25 = 0.55.
    Adagrad adagrad({.initial_accumulator_value = 0.3});
    step_constant_gradient(adagrad, 1);
    EXPECT_FLOAT_EQ((*adagrad.state().slots[0].matrices)[0](0, 0), 0.55f);
    // Nadam's product of its schedule, P_2 = 0.468 * 0.48528 = 0.22711104 (NadamByHand).
    Nadam nadam;
    step_constant_gradient(nadam, 2);
    ASSERT_EQ(nadam.state().numbers.size(), 1u);
    EXPECT_STREQ(nadam.state().numbers[0].name, "u_product");
    EXPECT_NEAR(*nadam.state().numbers[0].value, 0.22711104, 1e-12);
    // Plain SGD keeps nothing; with momentum, its velocity: v = -0.01 * 0.5 = -0.005.
    SGD plain;
    step_constant_gradient(plain, 1);
    EXPECT_TRUE(plain.state().slots.empty());
    SGD momentum({.momentum = 0.9});
    step_constant_gradient(momentum, 1);
    EXPECT_FLOAT_EQ((*momentum.state().slots[0].matrices)[0](0, 0), -0.005f);
}

// ---- Adagrad, Adadelta, Adamax, Nadam: Keras's defaults and two steps by hand ----------

TEST(Optimizers, KerasDefaultsOfTheOtherFour) {
    Adagrad adagrad;
    EXPECT_DOUBLE_EQ(adagrad.learning_rate, 0.001);
    EXPECT_DOUBLE_EQ(adagrad.initial_accumulator_value, 0.1);
    EXPECT_DOUBLE_EQ(adagrad.epsilon, 1e-7);
    Adadelta adadelta;
    EXPECT_DOUBLE_EQ(adadelta.learning_rate, 0.001);
    EXPECT_DOUBLE_EQ(adadelta.rho, 0.95);
    EXPECT_DOUBLE_EQ(adadelta.epsilon, 1e-7);
    Adamax adamax;
    EXPECT_DOUBLE_EQ(adamax.learning_rate, 0.001);
    EXPECT_DOUBLE_EQ(adamax.beta_1, 0.9);
    EXPECT_DOUBLE_EQ(adamax.beta_2, 0.999);
    EXPECT_DOUBLE_EQ(adamax.epsilon, 1e-7);
    Nadam nadam;
    EXPECT_DOUBLE_EQ(nadam.learning_rate, 0.001);
    EXPECT_DOUBLE_EQ(nadam.beta_1, 0.9);
    EXPECT_DOUBLE_EQ(nadam.beta_2, 0.999);
    EXPECT_DOUBLE_EQ(nadam.epsilon, 1e-7);
    for (const char* name : {"adagrad", "adadelta", "adamax", "nadam"})
        EXPECT_EQ(get_optimizer(name)->name(), name);
}

TEST(Optimizers, AdagradByHand) {
    // a = 0.1 + 0.25 = 0.35; w = 1 - 0.001 * 0.5 / sqrt(0.35 + 1e-7) = 0.99915485.
    Adagrad adagrad;
    EXPECT_NEAR(step_constant_gradient(adagrad, 1), 0.99915485, 1e-6);
    // a = 0.6; w = 0.99915485 - 0.0005 / sqrt(0.6 + 1e-7) = 0.99850935.
    Adagrad adagrad2;
    EXPECT_NEAR(step_constant_gradient(adagrad2, 2), 0.99850935, 1e-6);
    EXPECT_THROW(Adagrad({.initial_accumulator_value = -0.1}), std::invalid_argument);
}

TEST(Optimizers, AdadeltaByHand) {
    // From w = 0 (the steps are about 1e-6, too small to read beside 1 in float).
    // Step 1: s = 0.05 * 0.25 = 0.0125; delta = -sqrt(0 + 1e-7) / sqrt(0.0125 + 1e-7) * 0.5
    //   = -1.4142079e-3; d = 0.05 * delta^2 = 9.99992e-8; w = 0.001 * delta = -1.4142079e-6.
    // Step 2: s = 0.95 * 0.0125 + 0.0125 = 0.024375;
    //   delta = -sqrt(9.99992e-8 + 1e-7) / sqrt(0.024375 + 1e-7) * 0.5 = -1.4322239e-3;
    //   w = -1.4142079e-6 - 1.4322239e-6 = -2.8464318e-6.
    Adadelta adadelta;
    Matrix w{{0}}, g{{0.5}};
    adadelta.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), -1.4142079e-6, 1e-11);
    adadelta.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), -2.8464318e-6, 2e-11);
}

TEST(Optimizers, AdamaxByHand) {
    // Step 1: m = 0.05, u = 0.5, w = 1 - 0.001 / 0.1 * 0.05 / (0.5 + 1e-7) = 0.9990000002.
    Adamax adamax;
    EXPECT_NEAR(step_constant_gradient(adamax, 1), 0.999, 1e-6);
    // Step 2 with g = -0.25: m = 0.045 - 0.025 = 0.02, u = max(0.4995, 0.25) = 0.4995,
    // w = 0.999 - 0.001 / 0.19 * 0.02 / 0.4995001 = 0.99878926.
    Adamax adamax2;
    Matrix w{{1}}, g{{0.5}};
    adamax2.update({{"w", &w, &g}});
    g(0, 0) = -0.25;
    adamax2.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), 0.99878926, 1e-6);
}

TEST(Optimizers, NadamByHand) {
    // Step 1: mu_1 = 0.9 (1 - 0.5 * 0.96) = 0.468, mu_2 = 0.9 (1 - 0.5 * 0.9216) = 0.48528,
    // P_1 = 0.468; m = 0.05, v = 0.00025;
    // m_hat = 0.48528 * 0.05 / (1 - 0.468 * 0.48528) + (1 - 0.468) * 0.5 / (1 - 0.468)
    //       = 0.0313939 + 0.5 = 0.5313939; v_hat = 0.00025 / 0.001 = 0.25;
    // w = 1 - 0.001 * 0.5313939 / (0.5 + 1e-7) = 0.99893721.
    Nadam nadam;
    EXPECT_NEAR(step_constant_gradient(nadam, 1), 0.99893721, 1e-6);
    // Step 2: mu_3 = 0.9 (1 - 0.5 * 0.884736) = 0.5018688, P_2 = 0.468 * 0.48528 = 0.22711104;
    // m = 0.095, v_hat = 0.25; m_hat = 0.5018688 * 0.095 / (1 - 0.22711104 * 0.5018688)
    //     + (1 - 0.48528) * 0.5 / (1 - 0.22711104) = 0.38679534;
    // w = 0.99893721 - 0.001 * 0.38679534 / 0.5000001 = 0.99816362.
    Nadam nadam2;
    EXPECT_NEAR(step_constant_gradient(nadam2, 2), 0.99816362, 1e-6);
}

TEST(Optimizers, TheOtherFourAreSavedWithTheirSettings) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("neurona_optimizers_" + std::to_string(::getpid()) + ".model")).string();
    auto round_trip = [&](const Optimizer& opt) {
        Sequential model;
        model.add(Dense(1, "linear", InputShape{2}));
        model.compile("mse", opt);
        model.save(path);
        Sequential loaded = load_model(path);
        std::filesystem::remove(path);
        EXPECT_EQ(loaded.optimizer().name(), opt.name());
        EXPECT_EQ(loaded.optimizer().get("learning_rate"), opt.get("learning_rate"));
        return loaded.optimizer().clone();
    };
    const auto adagrad = round_trip(Adagrad({.learning_rate = 0.05, .initial_accumulator_value = 0.2, .epsilon = 1e-6}));
    EXPECT_EQ(dynamic_cast<const Adagrad&>(*adagrad).initial_accumulator_value, 0.2);
    EXPECT_EQ(dynamic_cast<const Adagrad&>(*adagrad).epsilon, 1e-6);
    const auto adadelta = round_trip(Adadelta({.learning_rate = 1.0, .rho = 0.9, .epsilon = 1e-6}));
    EXPECT_EQ(dynamic_cast<const Adadelta&>(*adadelta).rho, 0.9);
    EXPECT_EQ(dynamic_cast<const Adadelta&>(*adadelta).epsilon, 1e-6);
    const auto adamax = round_trip(Adamax({.learning_rate = 0.002, .beta_1 = 0.8, .beta_2 = 0.99, .epsilon = 1e-8}));
    EXPECT_EQ(dynamic_cast<const Adamax&>(*adamax).beta_1, 0.8);
    EXPECT_EQ(dynamic_cast<const Adamax&>(*adamax).beta_2, 0.99);
    EXPECT_EQ(dynamic_cast<const Adamax&>(*adamax).epsilon, 1e-8);
    const auto nadam = round_trip(Nadam({.learning_rate = 0.003, .beta_1 = 0.85, .beta_2 = 0.995, .epsilon = 1e-5}));
    EXPECT_EQ(dynamic_cast<const Nadam&>(*nadam).beta_1, 0.85);
    EXPECT_EQ(dynamic_cast<const Nadam&>(*nadam).beta_2, 0.995);
    EXPECT_EQ(dynamic_cast<const Nadam&>(*nadam).epsilon, 1e-5);
}

TEST(Optimizers, NonsenseSettingsAreRefusedWhereGiven) {
    EXPECT_THROW(SGD(-0.1), std::invalid_argument);
    EXPECT_THROW(SGD({.learning_rate = 0.1, .momentum = 1.5}), std::invalid_argument);
    EXPECT_THROW(RMSprop({.rho = 1.2}), std::invalid_argument);
    EXPECT_THROW(Adam({.beta_1 = 1.0}), std::invalid_argument);  // the bias correction would divide by 0
    EXPECT_THROW(Adam({.epsilon = -1e-7}), std::invalid_argument);
    EXPECT_THROW(Nadam(std::nan("")), std::invalid_argument);
    try {
        Adamax({.beta_2 = 2.0});
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("Adamax: beta_2"), std::string::npos) << e.what();
    }
}

// ---- Ftrl (Keras 3's formula, optimizers/ftrl.hpp) -------------------------------------

TEST(Optimizers, FtrlKerasDefaults) {
    const Ftrl ftrl;
    EXPECT_EQ(ftrl.description(),
              "Ftrl(learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1, "
              "l1_regularization_strength=0, l2_regularization_strength=0, "
              "l2_shrinkage_regularization_strength=0, beta=0)");
    EXPECT_EQ(get_optimizer("ftrl")->name(), "ftrl");
    // Keras's checks, and a learning rate of 0, which the step would divide by.
    EXPECT_EQ(message_of<std::invalid_argument>([] { Ftrl({.learning_rate_power = 0.5}); }),
              "Ftrl: learning_rate_power must be in (-inf, 0], got 0.5");
    EXPECT_EQ(message_of<std::invalid_argument>([] { Ftrl(0.0); }), "Ftrl: learning_rate must be in (0, inf), got 0");
    EXPECT_THROW(Ftrl({.initial_accumulator_value = -0.1}), std::invalid_argument);
    EXPECT_THROW(Ftrl({.l1_regularization_strength = -1}), std::invalid_argument);
}

TEST(Optimizers, FtrlByHand) {
    // lr 0.5, p = 0.5 (n^p = sqrt(n)), n starting at 0, w = 0; g = 0.6 then -0.8.
    // Step 1: n = 0.36; sigma = (0.6 - 0) / 0.5 = 1.2; z = 0 + 0.6 - 1.2 * 0 = 0.6;
    //   w = (0 - 0.6) / (0.6 / 0.5) = -0.5.
    // Step 2: n = 1; sigma = (1 - 0.6) / 0.5 = 0.8; z = 0.6 - 0.8 - 0.8 * -0.5 = 0.2;
    //   w = (0 - 0.2) / (1 / 0.5) = -0.1.
    Ftrl ftrl({.learning_rate = 0.5, .initial_accumulator_value = 0});
    Matrix w{{0}}, g{{0.6}};
    ftrl.update({{"w", &w, &g}});
    EXPECT_FLOAT_EQ(w(0, 0), -0.5f);
    g(0, 0) = -0.8f;
    ftrl.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), -0.1, 1e-6);
}

TEST(Optimizers, FtrlL1SetsAWeightToExactlyZero) {
    // As FtrlByHand with l1 = 0.25. Step 1: z = 0.6 > l1, w = (0.25 - 0.6) / 1.2 = -0.29166667.
    // Step 2: z = 0.6 - 0.8 - 0.8 * -0.29166667 = 0.03333333, |z| <= 0.25: w = (z - z) / 2 = 0.
    Ftrl ftrl({.learning_rate = 0.5, .initial_accumulator_value = 0, .l1_regularization_strength = 0.25});
    Matrix w{{0}}, g{{0.6}};
    ftrl.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), -0.29166667, 1e-6);
    g(0, 0) = -0.8f;
    ftrl.update({{"w", &w, &g}});
    EXPECT_EQ(w(0, 0), 0.0f);
    EXPECT_NEAR((*ftrl.state().slots[1].matrices)[0](0, 0), 0.03333333, 1e-6);  // z, "linear"
}

TEST(Optimizers, FtrlWithEveryPenaltyByHand) {
    // lr 0.5, p = 0.5, n starting at 0.1 (Keras's default), l2 = 0.1, l2_shrinkage = 0.05,
    // beta = 0.2, w = 1, g = 0.5 twice; the denominator adds 2 * 0.1 + 0.2 / 0.5 = 0.6.
    // Step 1: g_s = 0.5 + 2 * 0.05 * 1 = 0.6; n = 0.35;
    //   sigma = (sqrt(0.35) - sqrt(0.1)) / 0.5 = (0.5916080 - 0.3162278) / 0.5 = 0.5507604;
    //   z = 0.6 - 0.5507604 * 1 = 0.0492396; w = -0.0492396 / (0.5916080 / 0.5 + 0.6)
    //   = -0.0492396 / 1.7832160 = -0.0276128.
    // Step 2: g_s = 0.5 + 0.1 * -0.0276128 = 0.4972387; n = 0.6;
    //   sigma = (0.7745967 - 0.5916080) / 0.5 = 0.3659774;
    //   z = 0.0492396 + 0.4972387 + 0.3659774 * 0.0276128 = 0.5565840;
    //   w = -0.5565840 / (0.7745967 / 0.5 + 0.6) = -0.5565840 / 2.1491933 = -0.2589734.
    Ftrl ftrl({.learning_rate = 0.5,
               .l2_regularization_strength = 0.1,
               .l2_shrinkage_regularization_strength = 0.05,
               .beta = 0.2});
    Matrix w{{1}}, g{{0.5}};
    ftrl.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), -0.0276128, 1e-6);
    ftrl.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), -0.2589734, 1e-6);
    EXPECT_FLOAT_EQ((*ftrl.state().slots[0].matrices)[0](0, 0), 0.6f);  // n, "accumulator"
}

TEST(Optimizers, ALargeParameterIsUpdatedAlikeOnOneAndTwoThreads) {
    // A parameter of more than kInlineChunks chunks of values is updated over the pool, chunk by
    // chunk. Each element must still be its own formula: the same bits with 1 and 2 threads,
    // and the same as that element stepped alone (a 1 x 1 parameter, run inline), at the
    // chunk boundaries and around them.
    const std::size_t n = (kInlineChunks + 2) * kParallelChunk + 5;
    for (const std::string& name : optimizer_names()) {
        SCOPED_TRACE(name);
        Rng rng(7);
        const Matrix w0 = rng.uniform_matrix(1, n, -1, 1), g = rng.uniform_matrix(1, n, -1, 1);
        const auto stepped = [&] {
            const auto opt = get_optimizer(name);
            Matrix w = w0, dw = g;
            for (int step = 0; step < 3; ++step) opt->update({{"w", &w, &dw}});
            return w;
        };
        const auto [one, two] = at_1_and_2_threads(stepped);
        EXPECT_TRUE(same_bits(one, two));
        for (std::size_t i : {std::size_t{0}, kParallelChunk - 1, kParallelChunk, 2 * kParallelChunk + 1, n - 1}) {
            const auto opt = get_optimizer(name);
            Matrix w{{w0(0, i)}}, gi{{g(0, i)}};
            for (int step = 0; step < 3; ++step) opt->update({{"w", &w, &gi}});
            EXPECT_EQ(two(0, i), w(0, 0)) << "element " << i;
        }
    }
}

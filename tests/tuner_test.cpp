// GridSearch and RandomSearch: which trials run, in what order, how they are ranked.
#include "neurona/tuner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "neurona/random.hpp"

using namespace neurona;
using ::testing::internal::CaptureStdout;
using ::testing::internal::GetCapturedStdout;

namespace {

// y = 2 x - 1 on [-1, 1]: a problem a linear model solves, so learning rates rank clearly.
struct Line {
    Matrix X_train, y_train, X_val, y_val;
    Line() {
        Rng rng(3);
        X_train = rng.uniform_matrix(32, 1, -1, 1);
        X_val = rng.uniform_matrix(16, 1, -1, 1);
        y_train = X_train * Scalar(2) - Scalar(1);
        y_val = X_val * Scalar(2) - Scalar(1);
    }
    FitOptions options(std::size_t epochs = 1) const {
        return {.epochs = epochs, .batch_size = 8, .verbose = 0, .validation_data = {{X_val, y_val}}};
    }
};

// mlp_builder that also records every set of hyper-parameters it is asked to build.
ModelBuilder recording_builder(std::vector<HyperParameters>& built) {
    ModelBuilder mlp = mlp_builder({.inputs = 1, .outputs = 1});
    return [&built, mlp](const HyperParameters& hp) {
        built.push_back(hp);
        return mlp(hp);
    };
}

const SearchSpace kSpace{.hidden_layers = {0, 1, 2},
                         .units = {2, 3},
                         .learning_rates = {0.1, 0.01},
                         .optimizers = {"sgd", "adam"}};

}  // namespace

TEST(Tuner, SpaceIsTheProductOfTheChoices) {
    EXPECT_EQ(kSpace.size(), 24u);
    const auto all = kSpace.combinations();
    ASSERT_EQ(all.size(), 24u);
    EXPECT_EQ(all[0], (HyperParameters{0, 2, 0.1, "sgd"}));
    EXPECT_EQ(all[1], (HyperParameters{0, 2, 0.1, "adam"}));  // the optimizer varies fastest
    EXPECT_EQ(all[23], (HyperParameters{2, 3, 0.01, "adam"}));
    EXPECT_EQ(all[7].to_string(), "hidden_layers=0 units=3 learning_rate=0.01 optimizer=adam");
}

TEST(Tuner, GridSearchTriesEveryCombinationExactlyOnce) {
    const Line data;
    std::vector<HyperParameters> built;
    GridSearch tuner(recording_builder(built), kSpace);
    tuner.search(data.X_train, data.y_train, data.options());
    ASSERT_EQ(built.size(), 24u);
    EXPECT_EQ(built, kSpace.combinations());
    std::set<std::string> distinct;
    for (const auto& hp : built) distinct.insert(hp.to_string());
    EXPECT_EQ(distinct.size(), 24u);
    EXPECT_EQ(tuner.results().size(), 24u);
}

TEST(Tuner, RandomSearchRespectsMaxTrialsAndRepeatsBySeed) {
    const Line data;
    std::vector<HyperParameters> first, second, other_seed, everything;
    RandomSearch(recording_builder(first), kSpace, "val_loss", 7, 11).search(data.X_train, data.y_train, data.options());
    RandomSearch(recording_builder(second), kSpace, "val_loss", 7, 11).search(data.X_train, data.y_train, data.options());
    RandomSearch(recording_builder(other_seed), kSpace, "val_loss", 7, 12).search(data.X_train, data.y_train, data.options());
    ASSERT_EQ(first.size(), 7u);
    EXPECT_EQ(first, second);
    EXPECT_NE(first, other_seed);
    std::set<std::string> distinct;
    for (const auto& hp : first) distinct.insert(hp.to_string());
    EXPECT_EQ(distinct.size(), 7u);  // no combination twice
    const auto grid = kSpace.combinations();
    EXPECT_NE(first, std::vector<HyperParameters>(grid.begin(), grid.begin() + 7));  // not the grid's order
    // More trials than combinations: each combination once.
    RandomSearch(recording_builder(everything), kSpace, "val_loss", 100, 1).search(data.X_train, data.y_train, data.options());
    EXPECT_EQ(everything.size(), 24u);
}

TEST(Tuner, RanksTrialsByTheObjectiveAndKeepsTheBestModel) {
    set_global_seed(4);
    const Line data;
    // A linear model (no hidden layer) with plain SGD: a tiny learning rate barely moves in
    // 20 epochs, a larger one fits the line; a huge one diverges to NaN and ranks last.
    const SearchSpace space{.hidden_layers = {0}, .units = {1}, .learning_rates = {1e-5, 0.1, 1e-2, 1e7},
                            .optimizers = {"sgd"}};
    GridSearch tuner(mlp_builder({.inputs = 1, .outputs = 1}), space);
    CaptureStdout();
    tuner.search(data.X_train, data.y_train, data.options(20));
    const std::string out = GetCapturedStdout();
    // The diverging trial is the fourth, and the line says so.
    EXPECT_NE(out.find("Trial 4 (hidden_layers=0 units=1 learning_rate=1e+07 optimizer=sgd): Batch "),
              std::string::npos) << out;
    EXPECT_NE(out.find("Invalid loss, terminating training"), std::string::npos) << out;

    const auto ranked = tuner.results();
    ASSERT_EQ(ranked.size(), 4u);
    std::vector<double> rates;
    for (const auto& t : ranked) rates.push_back(t.hyperparameters.learning_rate);
    EXPECT_EQ(rates, (std::vector<double>{0.1, 1e-2, 1e-5, 1e7}));
    EXPECT_EQ(ranked[0].id, 1u);
    EXPECT_LT(ranked[0].score, ranked[1].score);
    EXPECT_LT(ranked[1].score, ranked[2].score);
    EXPECT_TRUE(std::isnan(ranked[3].score));
    // A trial's score is the best val_loss over its epochs.
    const auto& val_loss = ranked[0].history["val_loss"];
    EXPECT_EQ(ranked[0].score, *std::min_element(val_loss.begin(), val_loss.end()));
    EXPECT_EQ(tuner.best_trial().id, 1u);
    EXPECT_EQ(tuner.best_hyperparameters().learning_rate, 0.1);
    // The best model is the trained one, with its best epoch's weights.
    EXPECT_NEAR(tuner.best_model().evaluate(data.X_val, data.y_val, 32, 0)[0], ranked[0].score, 1e-6);

    std::ostringstream summary;
    tuner.results_summary(summary, 2);
    const std::string s = summary.str();
    EXPECT_NE(s.find("Showing 2 best trials"), std::string::npos) << s;
    EXPECT_NE(s.find("Objective(name=\"val_loss\", direction=\"min\")"), std::string::npos) << s;
    EXPECT_NE(s.find(" rank  trial  hidden_layers  units  learning_rate  optimizer        score"), std::string::npos) << s;
    EXPECT_NE(s.find("    1      1              0      1            0.1        sgd"), std::string::npos) << s;
    EXPECT_EQ(s.find("1e+07"), std::string::npos) << s;  // only the 2 best
}

TEST(Tuner, AccuracyObjectivesAreMaximized) {
    set_global_seed(6);
    Rng rng(8);
    Matrix X = rng.uniform_matrix(64, 2, -1, 1), y(64, 1);
    for (std::size_t i = 0; i < 64; ++i) y(i, 0) = X(i, 0) + X(i, 1) > 0 ? 1 : 0;
    const SearchSpace space{.hidden_layers = {1}, .units = {4}, .learning_rates = {1e-4, 0.05},
                            .optimizers = {"adam"}};
    GridSearch tuner(mlp_builder({.inputs = 2, .outputs = 1, .output_activation = "sigmoid",
                                  .hidden_activation = "tanh", .loss = "binary_crossentropy",
                                  .metrics = {"accuracy"}}),
                     space, "val_accuracy");
    EXPECT_TRUE(tuner.maximize());
    tuner.search(X, y, {.epochs = 15, .batch_size = 8, .verbose = 0, .validation_split = 0.25});
    const auto ranked = tuner.results();
    ASSERT_EQ(ranked.size(), 2u);
    EXPECT_GE(ranked[0].score, ranked[1].score);
    EXPECT_EQ(ranked[0].hyperparameters.learning_rate, 0.05);
}

TEST(Tuner, Errors) {
    const Line data;
    ModelBuilder mlp = mlp_builder({.inputs = 1, .outputs = 1});
    GridSearch no_validation(mlp, kSpace);
    try {
        no_validation.search(data.X_train, data.y_train, {.epochs = 1, .verbose = 0});
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("objective 'val_loss'"), std::string::npos) << e.what();
    }
    EXPECT_THROW(no_validation.best_model(), std::logic_error);
    EXPECT_THROW(no_validation.best_trial(), std::logic_error);
    SearchSpace empty = kSpace;
    empty.units.clear();
    EXPECT_THROW(GridSearch(mlp, empty), std::invalid_argument);
    SearchSpace unknown = kSpace;
    unknown.optimizers = {"adamw"};
    EXPECT_THROW(RandomSearch(mlp, unknown), std::invalid_argument);
    SearchSpace zero_rate = kSpace;
    zero_rate.learning_rates = {0};
    EXPECT_THROW(GridSearch(mlp, zero_rate), std::invalid_argument);
    EXPECT_THROW(RandomSearch(mlp, kSpace, "val_loss", 0), std::invalid_argument);
    EXPECT_THROW(GridSearch(ModelBuilder(), kSpace), std::invalid_argument);
}

TEST(Tuner, ATrialsScoreDoesNotDependOnTheTrialsBeforeIt) {
    // The same combination scored alone and after another trial: every trial starts from the
    // same random state, so the initial weights, the shuffles and the score are the same.
    const Line data;
    ModelBuilder mlp = mlp_builder({.inputs = 1, .outputs = 1});
    const SearchSpace two{.hidden_layers = {1}, .units = {3}, .learning_rates = {0.1, 0.01}, .optimizers = {"sgd"}};
    const SearchSpace one{.hidden_layers = {1}, .units = {3}, .learning_rates = {0.01}, .optimizers = {"sgd"}};
    set_global_seed(5);
    GridSearch both(mlp, two);
    both.search(data.X_train, data.y_train, data.options(5));
    set_global_seed(5);
    GridSearch alone(mlp, one);
    alone.search(data.X_train, data.y_train, data.options(5));
    ASSERT_EQ(alone.results().size(), 1u);
    double score_after_another = NAN;
    for (const Trial& t : both.results())
        if (t.hyperparameters.learning_rate == 0.01) score_after_another = t.score;
    EXPECT_EQ(alone.results()[0].score, score_after_another);
}

TEST(Tuner, TheBestModelHasItsBestEpochsWeights) {
    // Adam at 0.1 on a line overshoots after its best epoch; the kept model must evaluate to
    // the trial's score (its best val_loss), not to its last epoch's.
    const Line data;
    ModelBuilder mlp = mlp_builder({.inputs = 1, .outputs = 1});
    const SearchSpace space{.hidden_layers = {1}, .units = {8}, .learning_rates = {0.1}, .optimizers = {"adam"}};
    set_global_seed(2);
    GridSearch tuner(mlp, space);
    tuner.search(data.X_train, data.y_train, data.options(30));
    const Trial& best = tuner.best_trial();
    const auto& val_loss = best.history["val_loss"];
    const double evaluated = tuner.best_model().evaluate(data.X_val, data.y_val, 8, 0)[0];
    EXPECT_NEAR(evaluated, best.score, 1e-6);
    EXPECT_EQ(best.score, *std::min_element(val_loss.begin(), val_loss.end()));
    EXPECT_GT(val_loss.back(), best.score + 1e-6);  // the case this test is about
}

TEST(Tuner, DirectionOfTheObjectiveAsKeras) {
    ModelBuilder mlp = mlp_builder({.inputs = 1, .outputs = 1});
    EXPECT_TRUE(GridSearch(mlp, kSpace, "val_acc").maximize());  // Keras's short name
    EXPECT_TRUE(GridSearch(mlp, kSpace, "val_accuracy").maximize());
    EXPECT_FALSE(GridSearch(mlp, kSpace, "val_mae").maximize());
    EXPECT_THROW(GridSearch(mlp, kSpace, "val_f1"), std::invalid_argument);
}

TEST(Tuner, AnObjectiveNotInTheHistoryNamesTheTrialAndTheKeys) {
    const Line data;
    GridSearch tuner(mlp_builder({.inputs = 1, .outputs = 1}), kSpace, "val_mae");  // no mae metric
    try {
        tuner.search(data.X_train, data.y_train, data.options(1));
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("Tuner: trial 1"), std::string::npos) << msg;
        EXPECT_NE(msg.find("val_mae"), std::string::npos) << msg;
        EXPECT_NE(msg.find("val_loss"), std::string::npos) << msg;  // the keys it has
    }
}

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "neurona/layers/activation.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/dropout.hpp"
#include "neurona/layers/flatten.hpp"
#include "neurona/layers/normalization.hpp"
#include "neurona/matmul.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"
#include "support.hpp"

using namespace neurona;
namespace fs = std::filesystem;

namespace {
class ModelIo : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("neurona_model_io_" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    std::string path(const std::string& name) const { return (dir / name).string(); }

    static std::string read(const std::string& p) {
        std::ifstream f(p, std::ios::binary);
        return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    }
    static void write(const std::string& p, const std::string& bytes) {
        std::ofstream(p, std::ios::binary) << bytes;
    }
    // load_model must throw std::runtime_error whose message has the path and `word`.
    static void expect_load_error(const std::string& p, const std::string& word) {
        try {
            load_model(p);
            FAIL() << "loaded " << p;
        } catch (const std::runtime_error& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find(p), std::string::npos) << msg;
            EXPECT_NE(msg.find(word), std::string::npos) << msg;
        }
    }

    // The file with its checksum line recomputed (FNV-1a 64, as docs/model-format.md
    // specifies), so that what is tested is the field, not the checksum.
    static std::string with_new_checksum(std::string text) {
        text.resize(text.rfind("checksum "));
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
        char line[40];
        std::snprintf(line, sizeof line, "checksum %016llx\n", static_cast<unsigned long long>(h));
        return text + line;
    }

    // The names in the test folder that look like a temporary file of save.
    std::vector<std::string> temporaries() const {
        std::vector<std::string> found;
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().filename().string().find(".tmp") != std::string::npos)
                found.push_back(entry.path().filename().string());
        return found;
    }

    static Sequential mnist_like_model() {
        Sequential model;
        model.add(Flatten(InputShape{4, 3}));
        model.add(Dense(8, "relu"));
        model.add(Dropout(0.2));
        model.add(Dense(5));
        model.add(Activation("softmax"));
        model.compile("sparse_categorical_crossentropy", Adam({.learning_rate = 0.002, .beta_1 = 0.8, .beta_2 = 0.99, .epsilon = 1e-6}), {"accuracy"});
        return model;
    }
    fs::path dir;
};
}  // namespace

TEST_F(ModelIo, RoundTripGivesBitIdenticalPredictions) {
    set_global_seed(9);
    Sequential model = mnist_like_model();
    Rng rng(1);
    const Matrix X = rng.uniform_matrix(20, 12, 0, 1);
    Matrix y(20, 1);
    for (std::size_t i = 0; i < 20; ++i) y(i, 0) = static_cast<Scalar>(i % 5);
    model.fit(X, y, {.epochs = 2, .batch_size = 4, .verbose = 0});
    model.save(path("m.neurona"));

    Sequential loaded = load_model(path("m.neurona"));
    const Matrix a = model.predict(X), b = loaded.predict(X);
    ASSERT_TRUE(a.same_shape(b));
    EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(Scalar)));
    // Names, architecture and compile settings come back too.
    std::ostringstream s1, s2;
    model.summary(s1);
    loaded.summary(s2);
    EXPECT_EQ(s1.str(), s2.str());
    EXPECT_EQ(loaded.loss().name, "sparse_categorical_crossentropy");
    const auto& adam = dynamic_cast<const Adam&>(loaded.optimizer());
    EXPECT_DOUBLE_EQ(adam.learning_rate, 0.002);
    EXPECT_DOUBLE_EQ(adam.beta_1, 0.8);
    EXPECT_DOUBLE_EQ(adam.epsilon, 1e-6);
    EXPECT_EQ(loaded.metric_names(), std::vector<std::string>{"accuracy"});
    // And the same evaluation numbers.
    EXPECT_EQ(model.evaluate(X, y, 32, 0), loaded.evaluate(X, y, 32, 0));
    EXPECT_TRUE(temporaries().empty());
}

TEST_F(ModelIo, AFailedSaveLeavesTheOldModelAndNoTemporary) {
    Sequential model = mnist_like_model();
    model.save(path("m.neurona"));
    const std::string first = read(path("m.neurona"));
    // A file-size limit below the model's size: the write fails as on a full disk (even for
    // root, whom permissions do not stop). SIGXFSZ would kill the process; ignored, write
    // fails with EFBIG instead.
    set_global_seed(3);
    Sequential other = mnist_like_model();
    rlimit saved{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
    auto* old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 200;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    std::string message;
    try {
        other.save(path("m.neurona"));
    } catch (const std::runtime_error& e) {
        message = e.what();
    }
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_NE(message.find(path("m.neurona") + ": writing "), std::string::npos) << message;
    EXPECT_NE(message.find(std::strerror(EFBIG)), std::string::npos) << message;  // the reason, not a guess
    EXPECT_EQ(read(path("m.neurona")), first);
    EXPECT_TRUE(temporaries().empty()) << temporaries()[0];

    // A target that cannot be replaced (a folder) and a folder that does not exist.
    fs::create_directory(path("a-folder"));
    const std::string folder = message_of<std::runtime_error>([&] { model.save(path("a-folder")); });
    EXPECT_NE(folder.find(path("a-folder") + ": cannot replace it with"), std::string::npos) << folder;
    EXPECT_TRUE(temporaries().empty());
    EXPECT_THROW(model.save(path("no/such/dir/m.neurona")), std::runtime_error);
}

TEST_F(ModelIo, ConcurrentSavesToOnePathAllSucceed) {
    // Two processes (fork) and, in the parent, two threads save different models to the same
    // path 25 times each. Every save succeeds; the file is then one of the models, whole.
    set_global_seed(1);
    const Sequential a = mnist_like_model();
    set_global_seed(2);
    const Sequential b = mnist_like_model();
    const std::string target = path("shared.neurona");
    const int rounds = 25;
    auto save_all = [&](const Sequential& m) {
        int failed = 0;
        for (int i = 0; i < rounds; ++i) {
            try {
                m.save(target);
            } catch (const std::exception&) {
                ++failed;
            }
        }
        return failed;
    };
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) ::_exit(save_all(b) == 0 ? 0 : 1);
    int thread_failures = 0;
    std::thread other([&] { thread_failures = save_all(b); });
    const int failures = save_all(a);
    other.join();
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a save in the child process failed";
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(thread_failures, 0);
    auto same = [](const std::vector<Matrix>& x, const std::vector<Matrix>& y) {
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!x[i].same_shape(y[i]) || x[i].values() != y[i].values()) return false;
        return true;
    };
    const auto weights = load_model(target).get_weights();
    EXPECT_TRUE(same(weights, a.get_weights()) || same(weights, b.get_weights()));
    EXPECT_FALSE(same(a.get_weights(), b.get_weights()));
    EXPECT_TRUE(temporaries().empty());
}

TEST_F(ModelIo, StaleTemporariesOfKilledSavesAreRemoved) {
    // A process id that is not running: a child that has exited and been waited for.
    const pid_t dead = ::fork();
    ASSERT_GE(dead, 0);
    if (dead == 0) ::_exit(0);
    ::waitpid(dead, nullptr, 0);
    const std::string live = std::to_string(::getppid()), me = std::to_string(::getpid()), gone = std::to_string(dead);
    const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
    write(path("m.neurona.tmp." + gone + ".0"), "partial");  // its process is gone
    write(path("m.neurona.tmp." + me + ".999999"), "partial");  // ours, but no save writes it
    write(path("m.neurona.tmp." + live + ".7"), "partial");  // a running process's, written an hour ago
    fs::last_write_time(path("m.neurona.tmp." + live + ".7"), hour_ago);
    write(path("m.neurona.tmp"), "partial");  // earlier versions' fixed name, an hour old
    fs::last_write_time(path("m.neurona.tmp"), hour_ago);
    // Kept: a running process's fresh temporary, and names that are not save's.
    write(path("m.neurona.tmp." + live + ".8"), "in progress");
    write(path("m.neurona.tmp.notes"), "mine");
    write(path("other.neurona.tmp." + gone + ".0"), "another model's");
    write(path("m.neurona.tmp." + gone + ".0.bak"), "not ours");

    mnist_like_model().save(path("m.neurona"));
    std::vector<std::string> left = temporaries();
    std::sort(left.begin(), left.end());
    std::vector<std::string> kept = {"m.neurona.tmp." + gone + ".0.bak", "m.neurona.tmp." + live + ".8",
                                     "m.neurona.tmp.notes", "other.neurona.tmp." + gone + ".0"};
    std::sort(kept.begin(), kept.end());
    EXPECT_EQ(left, kept);
}

TEST_F(ModelIo, DamagedFilesAreReported) {
    Sequential model = mnist_like_model();
    model.save(path("m.neurona"));
    const std::string good = read(path("m.neurona"));

    write(path("truncated"), good.substr(0, good.size() / 2));
    expect_load_error(path("truncated"), "truncated");

    std::string flipped = good;
    flipped[good.size() / 2] ^= 0x40;  // one bit inside the weights
    write(path("corrupt"), flipped);
    expect_load_error(path("corrupt"), "corrupt");

    write(path("empty"), "");
    expect_load_error(path("empty"), "not a neurona model");

    write(path("other"), "PK\x03\x04 a zip file");
    expect_load_error(path("other"), "not a neurona model");

    expect_load_error(path("missing"), "cannot open");
}

TEST_F(ModelIo, AFolderAndTrailingBytesAreNamedForWhatTheyAre) {
    fs::create_directory(path("a-folder"));
    expect_load_error(path("a-folder"), "cannot open the model file: it is a folder");

    Sequential model = mnist_like_model();
    model.save(path("m.neurona"));
    const std::string good = read(path("m.neurona"));
    write(path("longer"), good + "extra");
    expect_load_error(path("longer"), "5 bytes after the end of the model");
    write(path("twice"), good + good);  // two models in one file
    expect_load_error(path("twice"), std::to_string(good.size()) + " bytes after the end of the model");
}

TEST_F(ModelIo, LayersThatDeclareMoreWeightsThanTheFileHoldsAreRefusedBeforeBuilding) {
    // Valid checksums, so the file's settings are read: units=100000 twice asks for 10^10
    // weights (40 GB) in a file of about 1 kB; a huge input shape for 10^12. Each is refused
    // at once, naming the file, before a single weight is allocated.
    Sequential model = mnist_like_model();
    model.save(path("m.neurona"));
    const std::string text = read(path("m.neurona"));
    auto replaced = [&](std::string t, const std::string& from, const std::string& to) {
        const std::size_t at = t.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return t.replace(at, from.size(), to);
    };
    const std::string wide = replaced(replaced(text, "units=8 ", "units=100000 "), "units=5 ", "units=100000 ");
    write(path("wide"), with_new_checksum(wide));
    const auto start = std::chrono::steady_clock::now();
    expect_load_error(path("wide"), "the layers declare 10001400000 weights (f32), more than the");
    write(path("tall"), with_new_checksum(replaced(text, "input_shape=4,3", "input_shape=400000,300000")));
    expect_load_error(path("tall"), "the layers declare");
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
}

TEST_F(ModelIo, LayerLinesAreTheFormatsBytes) {
    // docs/model-format.md's example, every layer type: its lines exactly, as written by
    // hand from the format's rules (keys, their order, numbers in the fewest digits).
    clear_session();
    Sequential model;
    model.add(Flatten(InputShape{28, 28}));
    model.add(Normalization());
    model.add(Dense(512, "linear", regularizers::l2(0.01)));
    model.add(Activation("relu"));
    model.add(Dropout(0.2));
    model.add(Dense(10, "softmax", regularizers::l1_l2(1e-5, 0)));
    model.save(path("m.neurona"));
    const std::string text = read(path("m.neurona"));
    const std::string lines = "neurona-model 2\nname sequential\n"
                              "layer Flatten flatten input_shape=28,28\n"
                              "layer Normalization normalization features=784\n"
                              "layer Dense dense units=512 activation=linear l2=0.01\n"
                              "layer Activation activation activation=relu\n"
                              "layer Dropout dropout rate=0.2\n"
                              "layer Dense dense_1 units=10 activation=softmax l1=1e-05\n"
                              "weights 7 f";
    EXPECT_EQ(text.substr(0, lines.size()), lines);
    // Loaded and saved again: the same bytes.
    load_model(path("m.neurona")).save(path("again.neurona"));
    EXPECT_TRUE(read(path("again.neurona")) == text);
}

TEST_F(ModelIo, AFirstNormalizationWithoutInputShapeIsBuiltFromItsFeatures) {
    // Files written before saved models recorded the first layer's input shape have an
    // adapted first Normalization with features= alone; they load built, as they did.
    Sequential model;
    Normalization norm;
    norm.adapt(Matrix{{1, 100}, {3, 300}, {8, 200}});
    model.add(std::move(norm));
    model.add(Dense(3, "tanh"));
    model.add(Dropout(0.5));
    model.add(Dense(1));
    model.compile("mse", "sgd", {"mae"});
    model.save(path("m.neurona"));
    std::string text = read(path("m.neurona"));
    const std::string line = "features=2 input_shape=2\n";
    ASSERT_NE(text.find(line), std::string::npos) << text.substr(0, 200);
    text.replace(text.find(line), line.size(), "features=2\n");
    write(path("old"), with_new_checksum(text));
    Sequential loaded = load_model(path("old"));
    EXPECT_TRUE(loaded.layer(3).built());
    const Matrix X{{2, 150}, {5, 250}};
    EXPECT_TRUE(allclose(model.predict(X), loaded.predict(X), 0, 0));
    loaded.save(path("again"));
    EXPECT_TRUE(read(path("again")) == read(path("m.neurona")));

    // A features= that the layer before contradicts is named.
    std::string contradicted = read(path("m.neurona"));
    contradicted.replace(contradicted.find(line), line.size(), "features=3 input_shape=2\n");
    write(path("contradicted"), with_new_checksum(contradicted));
    expect_load_error(path("contradicted"), "features=3");
}

TEST_F(ModelIo, EveryLayerLineGoesThroughTheRegistry) {
    clear_session();  // the layers' names, in the messages: dense, dropout
    Sequential model = mnist_like_model();
    model.save(path("m.neurona"));
    const std::string text = read(path("m.neurona"));
    auto with = [&](const std::string& from, const std::string& to) {
        std::string t = text;
        t.replace(t.find(from), from.size(), to);
        return with_new_checksum(t);
    };
    write(path("unknown"), with("layer Dropout", "layer Conv3D"));
    expect_load_error(path("unknown"), "layer dropout: unknown layer type 'Conv3D'; known layer type names: Dense, "
                                       "Activation, Dropout, Flatten, Normalization");
    write(path("typo"), with("rate=0.2", "rate=0.2 rat=0.3"));
    expect_load_error(path("typo"), "layer dropout: Dropout has no setting 'rat'");
    write(path("missing"), with("units=8 ", ""));
    expect_load_error(path("missing"), "layer dense: missing setting 'units'");
    // Normalization's own count, 2 * features + 1, is checked before it is built too.
    Sequential normalized;
    normalized.add(Normalization(InputShape{3}));
    normalized.add(Dense(1));
    normalized.save(path("n.neurona"));
    std::string n = read(path("n.neurona"));
    n.replace(n.find("features=3 input_shape=3"), 24, "features=100000000000 input_shape=100000000000");
    write(path("wide_normalization"), with_new_checksum(n));
    expect_load_error(path("wide_normalization"), "the layers declare 300000000002 weights");
}

namespace {
// A layer of the learner's own, not in the registry: A = 2 A_prev.
class Twice : public Layer {
public:
    std::string type() const override { return "Twice"; }

protected:
    Matrix forward_pass(const Matrix& A_prev, bool /*training*/) override { return 2 * A_prev; }
    Matrix backward_pass(const Matrix& dA, bool /*need_dA_prev*/) override { return 2 * dA; }
};
}  // namespace

TEST_F(ModelIo, ALayerOutsideTheRegistryIsRefusedBySave) {
    Sequential model;
    model.add(Dense(2, "linear", InputShape{3}));
    model.add(Twice());
    EXPECT_TRUE(allclose(model.predict(Matrix(1, 3, 1)), 2 * model.layer(0).forward(Matrix(1, 3, 1), false), 0, 0));
    const std::string msg = message_of<std::logic_error>([&] { model.save(path("twice.neurona")); });
    EXPECT_NE(msg.find("of type Twice is not in the layer registry"), std::string::npos) << msg;
    EXPECT_FALSE(fs::exists(path("twice.neurona")));
}

TEST_F(ModelIo, SettingsThatAreNotFiniteAreRefused) {
    Sequential model = mnist_like_model();
    model.save(path("m.neurona"));
    std::string text = read(path("m.neurona"));
    text.replace(text.find("rate=0.2"), 8, "rate=nan");
    write(path("nan"), with_new_checksum(text));
    expect_load_error(path("nan"), "setting 'rate' is not a finite number: 'nan'");
}

TEST_F(ModelIo, AnotherVersionIsRefusedByName) {
    // A version-3 file with a valid checksum: the version, not the checksum, is the error.
    Sequential model = mnist_like_model();
    model.save(path("m.neurona"));
    std::string text = read(path("m.neurona"));
    text.replace(0, std::string("neurona-model 2").size(), "neurona-model 3");
    write(path("v3"), with_new_checksum(text));
    expect_load_error(path("v3"), "format version 3 is not supported (this build reads versions 1 and 2)");
}

TEST_F(ModelIo, NamesWithSpacesAreRefused) {
    Sequential model = mnist_like_model();
    model.layer(1).set_name("my dense");
    EXPECT_THROW(model.save(path("spaces.neurona")), std::logic_error);
    EXPECT_FALSE(fs::exists(path("spaces.neurona")));
}

TEST_F(ModelIo, HugeMatrixCountsAreReportedNotAllocated) {
    Sequential model = mnist_like_model();
    model.save(path("m.neurona"));
    std::string text = read(path("m.neurona"));
    const std::size_t at = text.find("matrix 12 8\n");  // the first Dense's W
    ASSERT_NE(at, std::string::npos);
    text.replace(at, std::string("matrix 12 8").size(), "matrix 999999999999 999999999999");
    write(path("huge"), with_new_checksum(text));
    expect_load_error(path("huge"), "truncated");
}

TEST_F(ModelIo, AModelWithoutInputShapeLoadsBuiltAndTrainable) {
    // The first layer learns its input shape from the data in fit; the saved file records it,
    // so the loaded model is whole: summary, predictions and further training work.
    set_global_seed(4);
    Sequential model;
    model.add(Dense(4, "tanh"));
    model.add(Dropout(0.25));
    model.add(Dense(1, "sigmoid"));
    model.compile("binary_crossentropy", "sgd", {"accuracy"});
    Rng rng(2);
    const Matrix X = rng.uniform_matrix(8, 3, -1, 1);
    const Matrix y{{0}, {1}, {0}, {1}, {1}, {0}, {1}, {0}};
    model.fit(X, y, {.epochs = 1, .batch_size = 4, .verbose = 0});
    model.save(path("no_input_shape.neurona"));

    Sequential loaded = load_model(path("no_input_shape.neurona"));
    std::ostringstream a, b;
    model.summary(a);
    loaded.summary(b);
    EXPECT_EQ(a.str(), b.str());
    const Matrix pa = model.predict(X), pb = loaded.predict(X);
    EXPECT_EQ(0, std::memcmp(pa.data(), pb.data(), pa.size() * sizeof(Scalar)));
    EXPECT_NO_THROW(loaded.fit(X, y, {.epochs = 1, .batch_size = 4, .verbose = 0}));
}

// ---- The optimizer's state (format version 2) -----------------------------------------------

namespace {
// The bits of every weight, to compare two models exactly.
std::vector<MatrixValues> weight_values(const Sequential& model) {
    std::vector<MatrixValues> values;
    for (const Matrix& w : model.get_weights()) values.push_back(w.values());
    return values;
}

// A model file as version 1 would have it: the optimizer state (from "optimizer_state" to the
// checksum line) cut out and the version line changed; the checksum is recomputed by the caller.
std::string without_optimizer_state(std::string text) {
    const std::size_t state = text.find("optimizer_state ");
    text.erase(state, text.rfind("checksum ") - state);
    return text.replace(0, std::string("neurona-model 2").size(), "neurona-model 1");
}
}  // namespace

TEST_F(ModelIo, TrainingResumedFromTheFileInAnotherProcessIsBitIdentical) {
    // For every optimizer: train k = 3 epochs, save, train m = 2 more epochs -> W_a. Another
    // process (fork) loads the file, puts global_rng() (the shuffles and Dropout's masks) back
    // where it was at the save, trains m = 2 epochs and saves -> W_b. W_a == W_b bit for bit.
    // One thread, so that the child has no pool threads it did not inherit; the result does
    // not depend on the thread count.
    const std::size_t threads = num_threads();
    set_num_threads(1);
    Rng data_rng(5);
    const Matrix X = data_rng.uniform_matrix(30, 3, -1, 1);
    Matrix y(30, 1);
    for (std::size_t i = 0; i < 30; ++i) y(i, 0) = X(i, 0) * X(i, 1) + X(i, 2) > 0 ? 1 : 0;
    const FitOptions two_epochs{.epochs = 2, .batch_size = 4, .verbose = 0};

    std::vector<std::unique_ptr<Optimizer>> optimizers;
    for (const std::string& name : optimizer_names()) optimizers.push_back(get_optimizer(name));
    optimizers.push_back(std::make_unique<SGD>(SGDSettings{.momentum = 0.9, .nesterov = true}));
    for (const auto& opt : optimizers) {
        opt->set("learning_rate", 0.05);
        SCOPED_TRACE(opt->description());
        set_global_seed(11);
        Sequential model;
        model.add(Dense(8, "tanh", InputShape{3}));
        model.add(Dropout(0.25));
        model.add(Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", *opt, {"accuracy"});
        model.fit(X, y, {.epochs = 3, .batch_size = 4, .verbose = 0});
        const std::string saved = path(opt->name() + ".neurona"), resumed = path(opt->name() + ".resumed");
        model.save(saved);
        const Rng rng_at_save = global_rng();
        model.fit(X, y, two_epochs);

        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            int code = 1;
            try {
                Sequential loaded = load_model(saved);
                global_rng() = rng_at_save;
                loaded.fit(X, y, two_epochs);
                loaded.save(resumed);
                code = 0;
            } catch (...) {
            }
            ::_exit(code);
        }
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child process failed";
        Sequential other_process = load_model(resumed);
        EXPECT_EQ(weight_values(other_process), weight_values(model));
        EXPECT_EQ(other_process.optimizer().iterations, model.optimizer().iterations);
        EXPECT_EQ(model.optimizer().iterations, 5u * 8u);  // 5 epochs of ceil(30 / 4) = 8 steps

        // Without its state (the same file as version 1) the optimizer starts afresh and the
        // weights come out different, unless there is no state to lose (plain SGD).
        write(path("v1"), with_new_checksum(without_optimizer_state(read(saved))));
        Sequential fresh = load_model(path("v1"));
        EXPECT_EQ(fresh.optimizer().iterations, 0u);
        global_rng() = rng_at_save;
        fresh.fit(X, y, two_epochs);
        if (model.optimizer().state().slots.empty()) EXPECT_EQ(weight_values(fresh), weight_values(model));
        else EXPECT_NE(weight_values(fresh), weight_values(model));
    }
    set_num_threads(threads);
}

TEST_F(ModelIo, AVersion1FileLoadsWithAFreshOptimizer) {
    // tests/fixtures/model-v1.neurona was written by neurona before version 2 (set weights,
    // SGD with momentum 0.9, never trained). It loads with its settings and weights, and its
    // optimizer starts afresh: one step from it equals one step of a model compiled anew.
    const std::string v1 = (fs::path(__FILE__).parent_path() / "fixtures" / "model-v1.neurona").string();
    ASSERT_EQ(read(v1).rfind("neurona-model 1\n", 0), 0u) << v1;
    Sequential loaded = load_model(v1);
    EXPECT_EQ(loaded.optimizer().description(), "SGD(learning_rate=0.1, momentum=0.9, nesterov=false)");
    EXPECT_EQ(loaded.optimizer().iterations, 0u);
    EXPECT_TRUE(loaded.optimizer().state().slots[0].matrices->empty());
    const std::vector<Matrix> weights = {Matrix{{0.5, -0.25, 1}, {0.75, 0.125, -1}}, Matrix{{0, 0.5, -0.5}},
                                         Matrix{{1}, {-2}, {0.5}}, Matrix{{0.25}}};
    std::vector<MatrixValues> expected;
    for (const Matrix& w : weights) expected.push_back(w.values());
    EXPECT_EQ(weight_values(loaded), expected);

    Sequential anew;
    anew.add(Dense(3, "tanh", InputShape{2}));
    anew.add(Dense(1, "sigmoid"));
    anew.compile("binary_crossentropy", SGD({.learning_rate = 0.1, .momentum = 0.9}), {"accuracy"});
    anew.set_weights(weights);
    const Matrix X{{1, -1}, {0.5, 2}}, y{{1}, {0}};
    loaded.fit(X, y, {.epochs = 1, .batch_size = 2, .verbose = 0, .shuffle = false});
    anew.fit(X, y, {.epochs = 1, .batch_size = 2, .verbose = 0, .shuffle = false});
    EXPECT_EQ(weight_values(loaded), weight_values(anew));
    EXPECT_NE(weight_values(loaded), expected);
}

TEST_F(ModelIo, AStateThatDoesNotFitTheModelIsNamed) {
    clear_session();  // the first Dense is "dense" again
    set_global_seed(9);
    Sequential model = mnist_like_model();  // Adam; trainable: W 12 x 8, b 1 x 8, W 8 x 5, b 1 x 5
    Rng rng(1);
    const Matrix X = rng.uniform_matrix(8, 12, 0, 1);
    Matrix y(8, 1);
    model.fit(X, y, {.epochs = 1, .batch_size = 4, .verbose = 0});
    model.save(path("m.neurona"));
    const std::string text = read(path("m.neurona"));
    EXPECT_NE(text.find("optimizer_state iterations=2\nslot m 4\nmatrix 12 8\n"), std::string::npos);
    auto with = [&](const std::string& from, const std::string& to) {
        std::string t = text;
        const std::size_t at = t.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return with_new_checksum(t.replace(at, from.size(), to));
    };
    write(path("count"), with("slot m 4\n", "slot m 3\n"));
    expect_load_error(path("count"), "the optimizer state does not fit the model: slot m has 3 matrices, but the "
                                     "model has 4 trainable parameters");
    // A huge count is refused for not fitting the model, before anything is allocated for it.
    write(path("huge"), with("slot v 4\n", "slot v 999999999999\n"));
    expect_load_error(path("huge"), "slot v has 999999999999 matrices");
    // The same bytes in another shape.
    write(path("shape"), with("slot m 4\nmatrix 12 8\n", "slot m 4\nmatrix 8 12\n"));
    expect_load_error(path("shape"), "slot m, matrix 0 is 8 x 12, but parameter 0 (dense/W) is 12 x 8");
    write(path("name"), with("slot m 4\n", "slot velocity 4\n"));
    expect_load_error(path("name"), "expected the adam optimizer's slot 'm', found 'slot velocity...'");
    write(path("steps"), with("iterations=2", "iterations=-2"));
    expect_load_error(path("steps"), "iterations is not a count: '-2'");
    // Cut after the slot m, with a checksum of its own: v is missing.
    write(path("cut"), with_new_checksum(text.substr(0, text.find("slot v 4\n")) + "checksum "));
    expect_load_error(path("cut"), "truncated: expected another line");
    // The state is under the checksum: one bit of v flipped is a corrupt file.
    std::string flipped = text;
    flipped[text.rfind("checksum ") - 2] ^= 0x01;
    write(path("flipped"), flipped);
    expect_load_error(path("flipped"), "corrupt");
}

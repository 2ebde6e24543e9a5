// Sequential::save and load_model: neurona's model format, version 2 (docs/model-format.md).
//
//   neurona-model 2
//   name sequential
//   layer Dense dense units=4 activation=tanh input_shape=2
//   layer Dense dense_1 units=8 activation=relu l2=0.01
//   layer Dropout dropout rate=0.2
//   layer Normalization normalization features=13
//   compile loss=binary_crossentropy optimizer=sgd learning_rate=0.01 momentum=0.9 nesterov=0 metrics=accuracy
//   weights 6 f32
//   matrix 2 4
//   <2 * 4 little-endian float32 values, row-major>
//   ...
//   optimizer_state iterations=120
//   slot velocity 4
//   matrix 2 4
//   <2 * 4 values>
//   ...
//   checksum <FNV-1a 64 of every byte before this line, 16 hex digits>
//
// Version 1 is the same without the optimizer state (from optimizer_state to the checksum);
// it still loads, with a fresh optimizer.
//
// Text for what a person may want to read, raw bytes for the matrices (exact, compact), and a
// checksum so that a truncated or damaged file is reported instead of loaded.
//
// load_model's memory stays within a few times the file's size whatever the file says: every
// count is checked against the bytes the file has left before anything is allocated for it.
// save writes a temporary file of its own, syncs it, renames it over the target and syncs the
// folder: atomic, and durable once save returns.
#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <unistd.h>

#include "neurona/model.hpp"
#include "neurona/names.hpp"

namespace neurona {

namespace {

constexpr const char* kMagic = "neurona-model";
constexpr int kVersion = 2;

static_assert(std::endian::native == std::endian::little, "the model format stores little-endian values");

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::string join(const std::vector<std::string>& items, char sep) {
    std::string s;
    for (const auto& item : items) s += (s.empty() ? "" : std::string(1, sep)) + item;
    return s;
}

// "layer <Type> <name> key=value ...": the layer's get_config(), in its order.
std::string layer_line(const Layer& layer, bool first) {
    // load_model makes layers through the registry: a type it lacks could not be read back.
    const std::vector<std::string> registered = layer_type_names();
    if (std::find(registered.begin(), registered.end(), layer.type()) == registered.end())
        throw std::logic_error("save: layer " + layer.name() + " of type " + layer.type() +
                               " is not in the layer registry (layers/registry.cpp), so load_model could not "
                               "make it again");
    LayerConfig config = layer.get_config();
    // The first layer always records its input shape, declared or learned from the data, so
    // that the loaded model is built at once, every layer, as the saved one was.
    if (first && layer.built()) config.set("input_shape", layer.input_shape());
    std::string line = "layer " + layer.type() + " " + layer.name();
    for (const auto& [key, value] : config.settings()) line += " " + key + "=" + value;
    return line;
}

// "optimizer=<name> <setting>=<value>...": every setting from the optimizer's table, a flag as
// 0 or 1, each number in the fewest digits that read back exactly.
std::string optimizer_settings(const Optimizer& opt) {
    std::string s = "optimizer=" + opt.name();
    for (const SettingValue& setting : opt.settings()) s += " " + setting.name + "=" + number_text(setting.value);
    return s;
}

// Reads the file format back, with every error naming the file and what went wrong.
class Reader {
public:
    Reader(std::string path, std::string bytes) : path_(std::move(path)), bytes_(std::move(bytes)) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error(path_ + ": " + what + " (at byte " + std::to_string(pos_) + ")");
    }

    std::string line() {
        const std::size_t end = bytes_.find('\n', pos_);
        if (end == std::string::npos) fail("truncated: expected another line, found the end of the file");
        std::string l = bytes_.substr(pos_, end - pos_);
        pos_ = end + 1;
        return l;
    }

    // A line "<keyword> rest..." ; returns its words after the keyword.
    std::vector<std::string> expect(const std::string& keyword) {
        const std::string l = line();
        std::istringstream in(l);
        std::string word;
        in >> word;
        if (word != keyword) fail("expected a '" + keyword + "' line, found '" + l.substr(0, 60) + "'");
        std::vector<std::string> words;
        while (in >> word) words.push_back(word);
        return words;
    }

    // The next n bytes, in place.
    const char* raw(std::size_t n) {
        if (left() < n)
            fail("truncated: expected " + std::to_string(n) + " bytes of weights, found " + std::to_string(left()));
        const char* r = bytes_.data() + pos_;
        pos_ += n;
        return r;
    }

    std::size_t pos() const { return pos_; }
    std::size_t left() const { return bytes_.size() - pos_; }

private:
    std::string path_, bytes_;
    std::size_t pos_ = 0;
};

std::map<std::string, std::string> key_values(const Reader& r, const std::vector<std::string>& words,
                                              std::size_t first) {
    std::map<std::string, std::string> kv;
    for (std::size_t i = first; i < words.size(); ++i) {
        const auto eq = words[i].find('=');
        if (eq == std::string::npos) r.fail("expected key=value, found '" + words[i] + "'");
        kv[words[i].substr(0, eq)] = words[i].substr(eq + 1);
    }
    return kv;
}

double to_number(const Reader& r, const std::map<std::string, std::string>& kv, const std::string& key) {
    auto it = kv.find(key);
    if (it == kv.end()) r.fail("missing setting '" + key + "'");
    try {
        return parse_number(it->second, "setting '" + key + "'");
    } catch (const std::invalid_argument& e) {
        r.fail(e.what());
    }
}

std::size_t to_count(const Reader& r, const std::string& text, const std::string& what) {
    try {
        return parse_count(text, what);
    } catch (const std::invalid_argument& e) {
        r.fail(e.what());
    }
}

// "layer <Type> <name> key=value ...": a new layer of that type from its settings, through
// the layer registry (layer_from_config). Nothing is built or allocated yet.
std::unique_ptr<Layer> make_layer(const Reader& r, const std::vector<std::string>& words) {
    if (words.size() < 2) r.fail("a layer line needs a type and a name");
    LayerConfig config;
    for (const auto& [key, value] : key_values(r, words, 2)) config.set(key, value);
    try {
        std::unique_ptr<Layer> layer = layer_from_config(words[0], config);
        layer->set_name(words[1]);
        return layer;
    } catch (const std::invalid_argument& e) {
        r.fail("layer " + words[1] + ": " + e.what());
    }
}

// The optimizer the compile line names, every one of its settings read from the line (each
// checked as its constructor checks it).
std::unique_ptr<Optimizer> make_optimizer(const Reader& r, const std::map<std::string, std::string>& kv) {
    auto it = kv.find("optimizer");
    if (it == kv.end()) r.fail("missing setting 'optimizer'");
    std::unique_ptr<Optimizer> opt;
    try {
        opt = get_optimizer(it->second);
    } catch (const std::invalid_argument& e) {
        r.fail(e.what());
    }
    for (const SettingValue& setting : opt->settings()) opt->set(setting.name, to_number(r, kv, setting.name));
    return opt;
}

// "matrix <rows> <cols>" and its rows * cols values, raw (f32 or f64 as the weights line says).
void append_matrix(std::string& out, const Matrix& m) {
    out += "matrix " + std::to_string(m.rows()) + " " + std::to_string(m.cols()) + "\n";
    out.append(reinterpret_cast<const char*>(m.data()), m.size() * sizeof(Scalar));
}

Matrix read_matrix(Reader& r, const std::string& type) {
    const std::size_t value_size = type == "f32" ? sizeof(float) : sizeof(double);
    const auto dims = r.expect("matrix");
    if (dims.size() != 2) r.fail("expected 'matrix <rows> <cols>'");
    const std::size_t rows = to_count(r, dims[0], "rows"), cols = to_count(r, dims[1], "cols");
    // Checked before allocating: a damaged count must not ask for terabytes.
    if (rows != 0 && cols > r.left() / value_size / rows)
        r.fail("truncated: matrix " + dims[0] + " x " + dims[1] + " needs more bytes than the file has left");
    Matrix m(rows, cols);
    const char* raw = r.raw(m.size() * value_size);
    for (std::size_t k = 0; k < m.size(); ++k) {
        if (type == "f32") {
            float v;
            std::memcpy(&v, raw + k * sizeof v, sizeof v);
            m.data()[k] = static_cast<Scalar>(v);
        } else {
            double v;
            std::memcpy(&v, raw + k * sizeof v, sizeof v);
            m.data()[k] = static_cast<Scalar>(v);
        }
    }
    return m;
}

// The optimizer's running state (version 2), from its state() alone, naming no optimizer:
//   optimizer_state iterations=<steps> <number>=<value>...
//   slot <name> <count>       then <count> matrices, one per trainable parameter (0 before
//   ...                       the first step), for every slot, in state()'s order
void append_optimizer_state(std::string& out, Optimizer& opt) {
    const OptimizerState state = opt.state();
    out += "optimizer_state iterations=" + std::to_string(opt.iterations);
    for (const StateNumber& n : state.numbers) out += std::string(" ") + n.name + "=" + number_text(*n.value);
    out += "\n";
    for (const Slot& slot : state.slots) {
        out += std::string("slot ") + slot.name + " " + std::to_string(slot.matrices->size()) + "\n";
        for (const Matrix& m : *slot.matrices) append_matrix(out, m);
    }
}

// Restores what append_optimizer_state wrote into `opt`, compiled for the model whose
// trainable parameters are `params`. Every slot must be the optimizer's, in its order, with
// one matrix of each parameter's shape (or none); anything else names the slot and the shapes.
void read_optimizer_state(Reader& r, const std::string& type, Optimizer& opt, const std::vector<Param>& params) {
    const auto kv = key_values(r, r.expect("optimizer_state"), 0);
    if (!kv.count("iterations")) r.fail("missing setting 'iterations'");
    opt.iterations = to_count(r, kv.at("iterations"), "iterations");
    const OptimizerState state = opt.state();
    for (const StateNumber& n : state.numbers) *n.value = to_number(r, kv, n.name);
    for (const Slot& slot : state.slots) {
        const auto words = r.expect("slot");
        if (words.size() != 2 || words[0] != slot.name)
            r.fail("expected the " + opt.name() + " optimizer's slot '" + slot.name + "', found 'slot " +
                   (words.empty() ? std::string() : words[0]) + "...'");
        const std::size_t count = to_count(r, words[1], "the slot's matrix count");
        if (count != 0 && count != params.size())
            r.fail("the optimizer state does not fit the model: slot " + words[0] + " has " + words[1] +
                   " matrices, but the model has " + std::to_string(params.size()) + " trainable parameters");
        std::vector<Matrix> matrices;
        for (std::size_t i = 0; i < count; ++i) {
            Matrix m = read_matrix(r, type);
            const Matrix& p = *params[i].value;
            if (!m.same_shape(p))
                r.fail("the optimizer state does not fit the model: slot " + words[0] + ", matrix " +
                       std::to_string(i) + " is " + std::to_string(m.rows()) + " x " + std::to_string(m.cols()) +
                       ", but parameter " + std::to_string(i) + " (" + params[i].name + ") is " +
                       std::to_string(p.rows()) + " x " + std::to_string(p.cols()));
            matrices.push_back(std::move(m));
        }
        *slot.matrices = std::move(matrices);
    }
}

// a + b, or SIZE_MAX when it would not fit: counts only compared with a limit.
std::size_t plus(std::size_t a, std::size_t b) {
    return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max() : a + b;
}

// The number of weights the layers will create when built, each counted by the layer itself
// (Layer::count_params) for the input it will receive, before any is built: building
// allocates them, so a file of a few bytes that declares units=100000 must be refused first.
// The input is known from a layer's own settings (input_shape; Normalization's features) or
// from the layer before; a layer whose input is not known yet is built later from the
// file's own matrices, which the reader checks one by one.
std::size_t declared_weights(const Reader& r, const std::vector<std::unique_ptr<Layer>>& layers) {
    std::size_t total = 0;
    std::optional<Shape> in;  // the shape of what the layer receives, once known
    for (const auto& layer : layers) {
        if (const auto own = layer->configured_input_shape()) in = own;
        if (!in) continue;
        try {
            total = plus(total, layer->count_params(*in));
            in = layer->compute_output_shape(*in);
        } catch (const std::overflow_error&) {
            return std::numeric_limits<std::size_t>::max();  // more than 2^64: more than any file holds
        } catch (const std::invalid_argument& e) {
            r.fail("the layers do not fit together: " + layer->name() + ": " + e.what());
        }
    }
    return total;
}

// The whole file, in one read.
std::string read_model_file(const std::string& path) {
    if (std::error_code ec; std::filesystem::is_directory(path, ec))
        throw std::runtime_error(path + ": cannot open the model file: it is a folder");
    errno = 0;
    std::ifstream f(path, std::ios::binary);
    if (!f)
        throw std::runtime_error(path + ": cannot open the model file" +
                                 (errno ? std::string(": ") + std::strerror(errno) : std::string()));
    std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (f.bad()) throw std::runtime_error(path + ": read error");
    return bytes;
}

constexpr std::size_t kChecksumLine = 9 + 16 + 1;  // "checksum " 16 hex digits "\n"

// Whether a line "checksum <16 lowercase hex digits>\n" starts at `at`; its value in `value`.
bool checksum_line_at(const std::string& bytes, std::size_t at, std::uint64_t& value) {
    if (bytes.size() - at < kChecksumLine || bytes.compare(at, 9, "checksum ") != 0 ||
        bytes[at + kChecksumLine - 1] != '\n')
        return false;
    const char* digits = bytes.data() + at + 9;
    if (std::string_view(digits, 16).find_first_not_of("0123456789abcdef") != std::string_view::npos) return false;
    return std::from_chars(digits, digits + 16, value, 16).ec == std::errc();
}

// Where the model ends: the first checksum line whose value is the FNV-1a of every byte
// before it (one pass over the file), or npos. (The line follows the raw weights directly,
// so it need not start after a '\n'.)
std::size_t find_model_end(const std::string& bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL, value = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == 'c' && checksum_line_at(bytes, i, value) && value == h) return i;
        h = (h ^ static_cast<unsigned char>(bytes[i])) * 0x100000001b3ULL;
    }
    return std::string::npos;
}

// ---- save's temporary files -----------------------------------------------------------------
// Each save writes <path>.tmp.<pid>.<n>: its own name, so that two threads or two processes
// saving to the same path never write into one file. A save that is killed leaves its
// temporary behind; the next save of the same path removes it.

std::atomic<unsigned long> g_save_number{0};
std::mutex g_in_flight_mutex;
std::set<std::string> g_in_flight;  // this process's temporaries being written now

// A temporary file's name is the target's name, ".tmp.", a process id, ".", a number.
bool temporary_of(const std::string& name, const std::string& target, pid_t& pid) {
    const std::string prefix = target + ".tmp.";
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
    const std::string_view rest(name.data() + prefix.size(), name.size() - prefix.size());
    const std::size_t dot = rest.find('.');
    if (dot == 0 || dot == std::string_view::npos || dot + 1 == rest.size() ||
        rest.find_first_not_of("0123456789.") != std::string_view::npos || rest.find('.', dot + 1) != std::string_view::npos)
        return false;
    long long id = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + dot, id);
    if (ec != std::errc() || end != rest.data() + dot || id <= 0 || id > std::numeric_limits<pid_t>::max())
        return false;
    pid = static_cast<pid_t>(id);
    return true;
}

// Removes the temporaries that earlier saves of `path` left behind: those of a process that
// is not running, this process's own that no save is writing (a previous process with the
// same id), and any last written more than kStaleAfter ago (a running process may have
// reused a dead one's id). The old fixed name <path>.tmp of earlier versions goes by age
// too. Best effort: what cannot be removed stays, and the save goes on.
constexpr auto kStaleAfter = std::chrono::minutes(10);

void remove_stale_temporaries(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    const std::string name = target.filename().string();
    const auto now = fs::file_time_type::clock::now();
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string entry = it->path().filename().string();
        pid_t pid = 0;
        const bool ours = temporary_of(entry, name, pid);
        if (!ours && entry != name + ".tmp") continue;
        std::error_code entry_ec;
        if (!it->is_regular_file(entry_ec)) continue;
        const auto written = it->last_write_time(entry_ec);
        const bool old = !entry_ec && now - written > kStaleAfter;
        bool abandoned = false;
        if (ours && pid == ::getpid()) {
            std::lock_guard lock(g_in_flight_mutex);
            abandoned = !g_in_flight.count(it->path().string());
        } else if (ours) {
            abandoned = ::kill(pid, 0) == -1 && errno == ESRCH;
        }
        if (old || abandoned) fs::remove(it->path(), entry_ec);
    }
}

// One save's temporary file: created under a name no other save uses, removed on any failure
// (the destructor), kept only once renamed.
class TemporaryFile {
public:
    explicit TemporaryFile(const std::string& target)
        : target_(target),
          name_(target + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(g_save_number++)) {
        std::lock_guard lock(g_in_flight_mutex);
        g_in_flight.insert(name_);
    }
    ~TemporaryFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!renamed_) ::unlink(name_.c_str());
        std::lock_guard lock(g_in_flight_mutex);
        g_in_flight.erase(name_);
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    // Writes `bytes`, syncs them to the disk and closes the file.
    void write(const std::string& bytes) {
        fd_ = ::open(name_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd_ < 0) fail("cannot create " + name_);
        for (std::size_t done = 0; done < bytes.size();) {
            const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("writing " + name_ + " failed after " + std::to_string(done) + " of " +
                             std::to_string(bytes.size()) + " bytes");
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(fd_) != 0) fail("cannot sync " + name_ + " to the disk");
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) fail("writing " + name_ + " failed");
    }

    // Renames the file over the target (atomic: a reader sees the old model or the new one),
    // then syncs the folder, so that the new name survives a power loss too.
    void replace_target() {
        if (::rename(name_.c_str(), target_.c_str()) != 0) fail("cannot replace it with " + name_);
        renamed_ = true;
        const std::filesystem::path parent = std::filesystem::path(target_).parent_path();
        const std::string dir = parent.empty() ? "." : parent.string();
        const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        // EINVAL: a file system that cannot sync a folder (it has nothing to sync).
        if (fd < 0 || (::fsync(fd) != 0 && errno != EINVAL)) {
            const int error = errno;
            if (fd >= 0) ::close(fd);
            errno = error;
            fail("saved, but cannot sync its folder " + dir + " to the disk");
        }
        ::close(fd);
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        const std::string reason = std::strerror(errno);
        throw std::runtime_error(target_ + ": " + what + ": " + reason);
    }

    std::string target_, name_;
    int fd_ = -1;
    bool renamed_ = false;
};

}  // namespace

void Sequential::save(const std::string& path) const {
    if (layers_.empty() || !layers_.back()->built())
        throw std::logic_error(name_ + ".save: the model is not built yet");
    // The format separates words by spaces, so a name must be one word to read back.
    auto one_word = [&](const std::string& name) {
        if (name.empty() || name.find_first_of(" \t\n\r") != std::string::npos)
            throw std::logic_error(name_ + ".save: the name '" + name + "' must be one word without spaces");
    };
    one_word(name_);
    for (const auto& layer : layers_) one_word(layer->name());
    std::string out = std::string(kMagic) + " " + std::to_string(kVersion) + "\nname " + name_ + "\n";
    for (std::size_t i = 0; i < layers_.size(); ++i) out += layer_line(*layers_[i], i == 0) + "\n";
    if (compiled())
        out += "compile loss=" + loss_->name + (loss_->from_logits ? " from_logits=1 " : " ") +
               optimizer_settings(*optimizer_) +
               (metric_names_.empty() ? "" : " metrics=" + join(metric_names_, ',')) + "\n";
    const auto weights = get_weights();
    out += "weights " + std::to_string(weights.size()) + (sizeof(Scalar) == 4 ? " f32\n" : " f64\n");
    for (const Matrix& w : weights) append_matrix(out, w);
    if (compiled()) append_optimizer_state(out, *optimizer_);
    char checksum[40];
    std::snprintf(checksum, sizeof checksum, "checksum %016llx\n", static_cast<unsigned long long>(fnv1a64(out)));
    out += checksum;

    // A temporary file beside the target, synced, then renamed over it: atomic and durable
    // (docs/model-format.md, "Saving"). What killed saves of this path left is removed first.
    remove_stale_temporaries(path);
    TemporaryFile tmp(path);
    tmp.write(out);
    tmp.replace_target();
}

Sequential load_model(const std::string& path) {
    std::string bytes = read_model_file(path);
    Reader check(path, "");

    // The checksum first: a damaged file is reported as such, not as whatever field it broke.
    if (bytes.rfind(kMagic, 0) != 0)
        check.fail(std::string("not a neurona model: expected it to start with '") + kMagic + "'");
    const std::size_t end = find_model_end(bytes);
    if (end == std::string::npos) {
        // No checksum line that matches: damaged when the file ends in one, else cut short.
        const std::size_t last = bytes.size() >= kChecksumLine ? bytes.size() - kChecksumLine : 0;
        if (bytes.size() < kChecksumLine || bytes.compare(last, 9, "checksum ") != 0 || bytes.back() != '\n')
            check.fail("truncated: the checksum line at the end is missing");
        char expected[17];
        std::snprintf(expected, sizeof expected, "%016llx",
                      static_cast<unsigned long long>(fnv1a64(std::string_view(bytes).substr(0, last))));
        check.fail("corrupt: checksum " + bytes.substr(last + 9, 16) + " does not match the contents (" + expected + ")");
    }
    if (end + kChecksumLine != bytes.size())
        check.fail(std::to_string(bytes.size() - end - kChecksumLine) + " bytes after the end of the model (its "
                   "checksum line ends at byte " + std::to_string(end + kChecksumLine) + " of " +
                   std::to_string(bytes.size()) + ")");
    bytes.resize(end);  // the model, without its checksum line
    Reader r(path, std::move(bytes));

    try {
        const auto header = r.expect(kMagic);
        // Version 1 has no optimizer state: its models load with a fresh one.
        const bool version_1 = header.size() == 1 && header[0] == "1";
        if (!version_1 && (header.size() != 1 || header[0] != std::to_string(kVersion)))
            r.fail("format version " + (header.empty() ? std::string("?") : header[0]) +
                   " is not supported (this build reads versions 1 and " + std::to_string(kVersion) + ")");
        const auto name = r.expect("name");
        if (name.size() != 1) r.fail("expected 'name <model name>'");

        // The text lines first, every layer made from its settings; nothing is built yet.
        std::vector<std::unique_ptr<Layer>> layers;
        std::string next = r.line();
        while (next.rfind("layer ", 0) == 0) {
            std::istringstream in(next.substr(6));
            std::vector<std::string> words;
            for (std::string w; in >> w;) words.push_back(w);
            layers.push_back(make_layer(r, words));
            next = r.line();
        }
        if (layers.empty()) r.fail("the model has no layers");
        std::optional<std::map<std::string, std::string>> compile_settings;
        std::istringstream in(next);
        std::string keyword;
        in >> keyword;
        if (keyword == "compile") {
            std::vector<std::string> words;
            for (std::string w; in >> w;) words.push_back(w);
            compile_settings = key_values(r, words, 0);
            next = r.line();
        }
        std::istringstream win(next);
        std::string word, count_text, type;
        win >> word >> count_text >> type;
        if (word != "weights") r.fail("expected a 'weights' line, found '" + next.substr(0, 60) + "'");
        if (type != "f32" && type != "f64") r.fail("weights of type '" + type + "' (expected f32 or f64)");
        const std::size_t count = to_count(r, count_text, "the weight count");
        const std::size_t value_size = type == "f32" ? sizeof(float) : sizeof(double);

        // Checked before any layer allocates its weights: memory stays within a few times the
        // file's size, whatever the layer lines declare.
        const std::size_t declared = declared_weights(r, layers);
        if (declared > r.left() / value_size)
            r.fail("the layers declare " + (declared == std::numeric_limits<std::size_t>::max()
                                                ? std::string("more than 2^64")
                                                : std::to_string(declared)) +
                   " weights (" + type + "), more than the " + std::to_string(r.left()) +
                   " bytes left in the file can hold");

        Sequential model;
        model.name_ = name[0];
        for (auto& layer : layers) {
            const std::string layer_name = layer->name();
            try {
                // A first layer whose settings fix its input (an adapted Normalization saved
                // without input_shape has features=) is built from them; add builds the rest.
                if (model.layers_.empty() && !layer->declared_input_shape())
                    if (const auto input = layer->configured_input_shape()) layer->build(*input);
                model.add(std::move(layer));
            } catch (const std::invalid_argument& e) {
                r.fail(std::string("the layers do not fit together: ") + e.what());
            }
            model.layers_.back()->set_name(layer_name);
        }
        if (compile_settings) {
            const auto& kv = *compile_settings;
            if (!kv.count("loss")) r.fail("missing setting 'loss'");
            std::vector<std::string> metrics;
            if (kv.count("metrics")) {
                std::istringstream m(kv.at("metrics"));
                for (std::string metric; std::getline(m, metric, ',');) metrics.push_back(metric);
            }
            try {
                const bool from_logits = kv.count("from_logits") && to_number(r, kv, "from_logits") != 0;
                model.compile(get_loss(kv.at("loss"), {.from_logits = from_logits}), *make_optimizer(r, kv), metrics);
            } catch (const std::invalid_argument& e) {
                r.fail(std::string("bad compile settings: ") + e.what());
            }
        }

        std::vector<Matrix> weights;
        for (std::size_t i = 0; i < count; ++i) weights.push_back(read_matrix(r, type));
        try {
            model.set_weights(weights);
        } catch (const std::invalid_argument& e) {
            r.fail(std::string("weights do not fit the layers: ") + e.what());
        }
        if (compile_settings && !version_1) read_optimizer_state(r, type, *model.optimizer_, model.params());
        if (r.left() != 0)
            r.fail(std::string("unexpected data after the ") + (compile_settings ? "optimizer state" : "weights"));
        return model;
    } catch (const std::bad_alloc&) {
        // Not expected (every count is checked first), but never a bare bad_alloc.
        r.fail("out of memory while loading the model");
    } catch (const std::length_error&) {
        r.fail("out of memory while loading the model");
    }
}

}  // namespace neurona

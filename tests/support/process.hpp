#pragma once
// Runs the reportgen binary as a child process with a controlled
// environment, capturing its exit code, stdout and stderr.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

#include "support/files.hpp"

extern char** environ;

namespace reportgen::test {

using reportgen::test::read_file;

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

using reportgen::test::TempDir;

// The environment a spawned CLI gets: the parent's, less its SESAME_*/API_*
// variables (so that the machine's settings cannot leak into a test), plus
// the extra NAME=VALUE entries (which replace the parent's of that name).
inline std::vector<std::string> cli_environment(const std::vector<std::string>& extra) {
    auto overridden = [&extra](const std::string& v) {
        for (const auto& x : extra)
            if (v.compare(0, v.find('=') + 1, x, 0, x.find('=') + 1) == 0) return true;
        return false;
    };
    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e) {
        const std::string v = *e;
        if (v.rfind("SESAME_", 0) == 0 || v.rfind("API_", 0) == 0 || v.rfind("LOG_LEVEL", 0) == 0 ||
            v.rfind("REPORT_", 0) == 0 || overridden(v))
            continue;
        env_s.push_back(v);
    }
    env_s.insert(env_s.end(), extra.begin(), extra.end());
    return env_s;
}

// NUL-terminated pointer array over strings (argv, envp).
inline std::vector<char*> c_strings(std::vector<std::string>& v) {
    std::vector<char*> out;
    for (auto& s : v)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// env: extra NAME=VALUE entries (see cli_environment).
inline ProcessResult run_cli(const std::vector<std::string>& args,
                             const std::vector<std::string>& env = {},
                             const std::string& cwd = "") {
    TempDir io;
    const std::string out_path = io.file("stdout"), err_path = io.file("stderr");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> argv_s{REPORTGEN_CLI_PATH};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<std::string> env_s = cli_environment(env);
    std::vector<char*> argv = c_strings(argv_s), envp = c_strings(env_s);

    // The child's working directory, without touching the test process's own.
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    ProcessResult r;
    if (rc != 0) return r;
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

// The CLI running in the background, for tests that watch and signal it:
// stdout and stderr go to files read while it runs.
class BackgroundCli {
  public:
    BackgroundCli(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
        out_path_ = io_.file("stdout");
        err_path_ = io_.file("stderr");
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        posix_spawn_file_actions_addopen(&fa, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        std::vector<std::string> argv_s{REPORTGEN_CLI_PATH};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<std::string> env_s = cli_environment(env);
        std::vector<char*> argv = c_strings(argv_s), envp = c_strings(env_s);
        const int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) pid_ = -1;
    }
    ~BackgroundCli() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    BackgroundCli(const BackgroundCli&) = delete;
    BackgroundCli& operator=(const BackgroundCli&) = delete;

    bool started() const { return pid_ > 0; }
    std::string err() const { return read_file(err_path_); }
    std::string out() const { return read_file(out_path_); }
    // Polls stderr until it holds `text` (true) or the process ended / the
    // time ran out (false).
    bool wait_for_stderr(const std::string& text, int timeout_ms = 30000) {
        for (int waited = 0; waited < timeout_ms; waited += 10) {
            if (err().find(text) != std::string::npos) return true;
            if (pid_ <= 0 || ::waitpid(pid_, &status_, WNOHANG) == pid_) {
                pid_ = -1;
                return err().find(text) != std::string::npos;
            }
            ::usleep(10000);
        }
        return false;
    }
    void signal(int sig) const {
        if (pid_ > 0) ::kill(pid_, sig);
    }
    // The raw wait status (WIFEXITED / WIFSIGNALED).
    int wait() {
        if (pid_ > 0) {
            ::waitpid(pid_, &status_, 0);
            pid_ = -1;
        }
        return status_;
    }

  private:
    TempDir io_;
    std::string out_path_, err_path_;
    pid_t pid_ = -1;
    int status_ = -1;
};

}  // namespace reportgen::test

#include "app/display.h"

#include <X11/Xlib.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace tmsnav {

bool displayAvailable() {
  const char* d = std::getenv("DISPLAY");
  if (!d || !*d) return false;
  Display* dpy = XOpenDisplay(d);
  if (!dpy) return false;
  XCloseDisplay(dpy);
  return true;
}

Result<std::unique_ptr<PrivateXvfb>> PrivateXvfb::start() {
  int fds[2];
  if (pipe(fds) != 0) return Error{"cannot create a pipe for Xvfb"};
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) return Error{"cannot start Xvfb"};
  if (pid == 0) {
    // Xvfb dies with tmsnav even when tmsnav is killed (kill -9, a crash): no orphan display
    // servers (issue 28). The check closes the window where the parent died before prctl.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    close(fds[0]);
    // Xvfb's own chatter would break the one-line error contract of the CLI.
    const int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, STDERR_FILENO), dup2(devnull, STDOUT_FILENO);
    const std::string fd = std::to_string(fds[1]);
    execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1920x1080x24", "-nolisten",
           "tcp", "-noreset", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  // Xvfb writes its display number to the pipe once it accepts connections.
  std::string number;
  pollfd p{fds[0], POLLIN, 0};
  char c;
  while (poll(&p, 1, 10000) > 0 && read(fds[0], &c, 1) == 1 && c != '\n') number += c;
  close(fds[0]);
  if (number.empty()) {
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
      return Error{"no display and Xvfb is not installed (apt-get install xvfb)"};
    return Error{"no display and Xvfb did not start"};
  }
  std::unique_ptr<PrivateXvfb> x(new PrivateXvfb(pid, ":" + number));
  setenv("DISPLAY", x->display().c_str(), 1);
  return x;
}

PrivateXvfb::~PrivateXvfb() {
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
}

}  // namespace tmsnav

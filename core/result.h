#pragma once
// A value or a user-facing error message. Errors a user can cause travel as values,
// never as exceptions across a frame or thread boundary.
#include <string>
#include <utility>
#include <variant>

namespace tmsnav {

struct Error {
  std::string message;
};

// The value of a Result that only says "it worked".
struct Done {};

// [[nodiscard]]: an error a caller ignores is an error the user never sees.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const std::string& error() const { return std::get<Error>(v_).message; }

 private:
  std::variant<T, Error> v_;
};

}  // namespace tmsnav

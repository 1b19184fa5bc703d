// The documentation's links and pictures point at files that exist (issue 31: the README
// became a landing page and its text moved into docs/; a moved file or a renamed section
// must not leave a dead link or a missing picture behind). Reads README.md and docs/*.md
// from the source tree (TMSNAV_SOURCE_DIR), finds every markdown link and image to a local
// file, and checks the file exists and, for a link to a section of a markdown file, that the
// section's heading exists. Every picture has a recipe in scripts/screenshots, which makes
// them all from the code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kSourceDir{TMSNAV_SOURCE_DIR};

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Fenced code blocks and inline code spans are not links, whatever brackets they hold
// (the command table is full of `[--json]`). A code span may run over a line break; a blank
// line ends it, as it ends the paragraph.
std::string withoutCode(const std::string& text) {
  std::string out;
  std::istringstream lines(text);
  std::string line;
  bool fenced = false;
  bool inCode = false;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
      inCode = false;
      out += '\n';
      continue;
    }
    if (fenced) {
      out += '\n';
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) inCode = false;
    for (char c : line) {
      if (c == '`') {
        inCode = !inCode;
      } else if (!inCode) {
        out += c;
      }
    }
    out += '\n';
  }
  return out;
}

// A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to '-'.
std::string anchorOf(const std::string& heading) {
  std::string anchor;
  for (unsigned char c : heading) {
    if (std::isalnum(c) || c == '_' || c == '-') {
      anchor += static_cast<char>(std::tolower(c));
    } else if (c == ' ') {
      anchor += '-';
    } else if (c >= 0x80) {
      anchor += static_cast<char>(c);  // keep non-ASCII letters as GitHub does
    }
  }
  return anchor;
}

std::set<std::string> anchorsIn(const std::string& text) {
  std::set<std::string> anchors;
  static const std::regex kHeading(R"(^#{1,6} +(.*?) *$)");
  std::istringstream lines(text);
  std::string line;
  bool fenced = false;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) fenced = !fenced;
    std::smatch m;
    if (!fenced && std::regex_match(line, m, kHeading)) anchors.insert(anchorOf(m[1].str()));
  }
  return anchors;
}

std::vector<fs::path> documents() {
  std::vector<fs::path> docs{kSourceDir / "README.md"};
  for (const auto& entry : fs::directory_iterator(kSourceDir / "docs")) {
    if (entry.path().extension() == ".md") docs.push_back(entry.path());
  }
  std::sort(docs.begin() + 1, docs.end());
  return docs;
}

struct Link {
  fs::path document;
  std::string target;
};

std::vector<Link> localLinks(const fs::path& document) {
  static const std::regex kLink(R"(!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\))");
  static const std::regex kScheme(R"(^[a-zA-Z][a-zA-Z0-9+.-]*:)");
  std::vector<Link> links;
  const std::string text = withoutCode(readFile(document));
  for (std::sregex_iterator it(text.begin(), text.end(), kLink), end; it != end; ++it) {
    const std::string target = (*it)[1].str();
    if (!std::regex_search(target, kScheme)) links.push_back({document, target});
  }
  return links;
}

}  // namespace

TEST(Docs, TheReadmeAndTheGuidesExist) {
  for (const char* name : {"README.md", "docs/technician-guide.md", "docs/clinician-guide.md",
                           "docs/researcher-guide.md", "docs/reference.md"}) {
    EXPECT_TRUE(fs::is_regular_file(kSourceDir / name)) << name;
  }
}

TEST(Docs, EveryLocalLinkAndPictureExists) {
  std::map<fs::path, std::set<std::string>> anchorsByFile;
  std::size_t checked = 0;
  std::size_t pictures = 0;
  for (const fs::path& document : documents()) {
    for (const Link& link : localLinks(document)) {
      const auto hash = link.target.find('#');
      const std::string file = link.target.substr(0, hash);
      const std::string anchor = hash == std::string::npos ? "" : link.target.substr(hash + 1);
      const fs::path target =
          file.empty() ? document : (document.parent_path() / file).lexically_normal();
      ++checked;
      if (target.extension() == ".png") ++pictures;
      const std::string where = document.filename().string() + ": " + link.target;
      if (!fs::exists(target)) {
        ADD_FAILURE() << where << " (no " << target << ")";
        continue;
      }
      if (!anchor.empty() && target.extension() == ".md") {
        auto [it, inserted] = anchorsByFile.try_emplace(target);
        if (inserted) it->second = anchorsIn(readFile(target));
        EXPECT_TRUE(it->second.count(anchor) == 1) << where << " (no such section)";
      }
    }
  }
  // The test must have something to check: the README links the four guides and shows
  // three pictures; the guides show the rest.
  EXPECT_GE(checked, 20u);
  EXPECT_GE(pictures, 10u);
}

TEST(Docs, TheReadmeIsALandingPage) {
  const std::string readme = readFile(kSourceDir / "README.md");
  const auto lines = std::count(readme.begin(), readme.end(), '\n');
  constexpr long kMaxLandingPageLines = 200;  // issue 31: "at most ~200 lines"
  EXPECT_LE(lines, kMaxLandingPageLines);
  for (const char* guide : {"docs/technician-guide.md", "docs/clinician-guide.md",
                            "docs/researcher-guide.md", "docs/reference.md"}) {
    EXPECT_NE(readme.find(std::string("](") + guide), std::string::npos) << guide;
  }
}

// Every picture the docs show is made by scripts/screenshots (issue 31): its PICTURES list
// names each picture with the function that makes it. A new picture without a recipe, a
// recipe for a picture no document shows, and a file in docs/img/ nobody shows all fail.
TEST(Docs, ScriptsScreenshotsMakesEveryPictureTheDocsShow) {
  const std::string script = readFile(kSourceDir / "scripts/screenshots");
  static const std::regex kEntry(R"((?:^|\n)[ \t]+([A-Za-z0-9_.-]+\.png):(shot_[a-z0-9_]+)[ \t]*(?=\n))");
  std::map<std::string, std::string> recipes;
  for (std::sregex_iterator it(script.begin(), script.end(), kEntry), end; it != end; ++it) {
    recipes[(*it)[1].str()] = (*it)[2].str();
  }
  ASSERT_GE(recipes.size(), 10u) << "no PICTURES list found in scripts/screenshots";
  for (const auto& [picture, function] : recipes) {
    EXPECT_NE(script.find("\n" + function + "() {"), std::string::npos)
        << picture << ": scripts/screenshots has no function " << function;
  }
  const fs::path images = (kSourceDir / "docs/img").lexically_normal();
  std::set<std::string> shown;
  for (const fs::path& document : documents()) {
    for (const Link& link : localLinks(document)) {
      const fs::path target = (document.parent_path() / link.target).lexically_normal();
      if (target.extension() != ".png") continue;
      EXPECT_EQ(target.parent_path(), images)
          << document.filename().string() << ": " << link.target << " is not in docs/img/";
      shown.insert(target.filename().string());
    }
  }
  for (const std::string& picture : shown) {
    EXPECT_EQ(recipes.count(picture), 1u) << picture << " is shown but scripts/screenshots "
                                          << "has no recipe for it";
  }
  for (const auto& [picture, function] : recipes) {
    EXPECT_EQ(shown.count(picture), 1u) << picture << " has a recipe but no document shows it";
  }
  for (const auto& entry : fs::directory_iterator(images)) {
    EXPECT_EQ(shown.count(entry.path().filename().string()), 1u)
        << "docs/img/" << entry.path().filename().string() << " is shown by no document";
  }
}

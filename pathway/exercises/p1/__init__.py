"""Phase 1, academic foundation: the exercises of its notebook, one module per section."""

# The sections in the order the notebook meets them (the order `pathway next` suggests exercises).
SECTIONS = ("python", "languages", "lang_r", "lang_java", "lang_cpp", "sql", "sql_depth", "sql_windows",
            "degree")

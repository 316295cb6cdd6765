"""The Chinese–English language layer: script, normalization, sentences, tokens, numbers, pinyin.

Pure ``str`` → value functions with no I/O. Importing this package is cheap: jieba,
pypinyin, OpenCC and cn2an are imported lazily by the functions that need them.
"""

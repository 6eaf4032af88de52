from socorg.core.text import name_grams, query_grams


def test_name_grams_has_unigrams_and_bigrams_once():
    assert name_grams("武昌武昌") == ["武", "武昌", "昌", "昌武"]
    assert name_grams(" 阳 光 ") == ["阳", "阳光", "光"]
    assert name_grams("") == []


def test_query_grams_are_contained_in_matching_names():
    name = "武昌区阳光为老服务中心"
    for query in ("阳", "阳光", "阳光为", "为老服务中心"):
        assert set(query_grams(query)) <= set(name_grams(name))
    assert query_grams("") == []
    assert query_grams("阳") == ["阳"]
    assert query_grams("服务服务") == ["服务", "务服"]

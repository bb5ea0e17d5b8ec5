"""Vietnamese name handling: what users type must find the district."""

import unicodedata

import pytest

from tn_map.names import ascii_name, fold, name_key, nfc


@pytest.mark.parametrize(
    "written",
    [
        "Phổ Yên",
        "Pho Yen",
        "PHỔ YÊN",
        "TP. Phổ Yên",
        "TP Phổ Yên",
        "Thành phố Phổ Yên",
        "Thị xã Phổ Yên",
        "thi xa pho yen",
        "Pho Yen City",
        "  Phổ   Yên ",
        unicodedata.normalize("NFD", "Thành phố Phổ Yên"),
    ],
)
def test_spellings_of_pho_yen_share_one_key(written):
    assert name_key(written) == name_key("Phổ Yên")


def test_d_with_stroke_folds_to_d():
    assert name_key("Huyện Đồng Hỷ") == name_key("dong hy")
    assert name_key("Đại Từ") == "dai tu"


def test_old_and_new_tone_placement_match():
    # "Hóa" (new style) and "Hoá" (old style) are the same name.
    assert name_key("Định Hóa") == name_key("Định Hoá")


def test_different_districts_keep_different_keys():
    keys = {name_key(n) for n in ["Phú Bình", "Phú Lương", "Phổ Yên", "Thái Nguyên", "Sông Công"]}
    assert len(keys) == 5


def test_prefix_words_inside_a_name_are_kept():
    # "Huyện" only goes when it leads; a name that is only a prefix word stays.
    assert name_key("Quan") == "quan"
    assert name_key("Huyện Quan Hóa") == "quan hoa"


def test_nfc_composes_for_display():
    decomposed = unicodedata.normalize("NFD", "Võ Nhai")
    assert nfc(decomposed) == "Võ Nhai"
    assert len(nfc(decomposed)) < len(decomposed)


def test_ascii_name_and_fold():
    assert ascii_name("Đồng Hỷ") == "Dong Hy"
    assert fold("Thị xã, Phổ-Yên!") == "thi xa pho yen"

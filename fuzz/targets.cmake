# SPDX-License-Identifier: Apache-2.0
# The fuzz targets and the one library each exercises (with what that library links
# below it, nothing above): fuzz/<name>.cpp, seeds in fuzz/seeds/<name>/, regression
# inputs in tests/data/fuzz/<name>/. Read by fuzz/CMakeLists.txt (libFuzzer builds) and
# tests/CMakeLists.txt (the replay test of the ordinary ASan build).
set(nansen_fuzz_targets
  body_json_fuzz body_form_fuzz multipart_fuzz csv_fuzz xlsx_fuzz xml_fuzz mrz_fuzz
  name_parser_fuzz translit_fuzz date_fuzz procedure_fuzz config_fuzz)
set(body_json_fuzz_lib nansen_web_input)
set(body_form_fuzz_lib nansen_web_input)
set(multipart_fuzz_lib nansen_web_input)
set(csv_fuzz_lib nansen_base)
set(xlsx_fuzz_lib nansen_reports)
set(xml_fuzz_lib nansen_reports)
set(mrz_fuzz_lib nansen_documents)
set(name_parser_fuzz_lib nansen_match)
set(translit_fuzz_lib nansen_text)
set(date_fuzz_lib nansen_base)
set(procedure_fuzz_lib nansen_procedures)
set(config_fuzz_lib nansen_base)

"""Red Sea Incident Dashboard: maritime incidents in the Red Sea, Bab el-Mandeb and Gulf of Aden."""

-- reserved for #16 places gazetteer; replaced by its migration
SELECT 1;
